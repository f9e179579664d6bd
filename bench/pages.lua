-- wrk script: GET pages and count how the page cache answered (X-Page-Cache).
-- Arguments: a file with one path per line, then "junk" to play the attacker:
-- every request adds a random query string or a made-up messages cookie.
local paths = {}
local counter = 0
local junk = false
counts = {hit = 0, stale = 0, miss = 0, other = 0}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  junk = args[2] == "junk"
  counter = math.random(#paths)
  math.randomseed(os.time() + counter)
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if not junk then
    return wrk.format("GET", path)
  end
  if counter % 2 == 0 then
    return wrk.format("GET", path .. "?r=" .. math.random(1, 1000000000))
  end
  local cookie = "messages=" .. math.random(1, 1000000000) .. ":" .. math.random(1, 1000000000)
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"] or headers["x-page-cache"]
  if counts[state] then
    counts[state] = counts[state] + 1
  else
    counts.other = counts.other + 1
  end
end

function done(summary, latency, requests)
  local total = {hit = 0, stale = 0, miss = 0, other = 0}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for key, value in pairs(c) do
      total[key] = total[key] + value
    end
  end
  io.write(string.format("page-cache hit=%d stale=%d miss=%d other=%d\n",
    total.hit, total.stale, total.miss, total.other))
end
