-- wrk script: GET each path of a file in turn (e.g. many captcha images).
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  counter = math.random(#paths)
end

function request()
  counter = counter + 1
  -- Readers on many networks behind one trusted proxy (see vote.lua).
  local reader = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("GET", paths[(counter % #paths) + 1], {["X-Forwarded-For"] = reader})
end
