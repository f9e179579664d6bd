-- wrk script: each request casts one vote with a fresh, solved captcha and a
-- proof of work solved for it (ratings.proof.solve, URL-encoded).
-- bench/run.py writes one line per vote:
-- "<article_id> <captcha_key> <answer> <score> <proof>".
local votes = {}
local csrf = "benchcsrftoken0123456789abcdefgh"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  local total_threads = tonumber(args[2])
  local offset = tonumber(args[3] or "0")  -- each run starts on unused captchas
  for line in io.lines(args[1]) do
    votes[#votes + 1] = line
  end
  counter = offset + id  -- each thread walks its own stride of the file
  stride = total_threads
  math.randomseed(os.time() + id)
end

function request()
  counter = counter + stride
  local line = votes[(counter % #votes) + 1]
  local article, key, answer, score, proof = line:match("(%d+) (%x+) (%w+) (%d) (%S+)")
  local body = "score=" .. score .. "&captcha_0=" .. key .. "&captcha_1=" .. answer
    .. "&altcha=" .. proof
  -- Readers come from many networks through one load balancer: the server
  -- trusts one proxy (TRUSTED_PROXY_COUNT=1) and reads the reader's address here.
  local reader = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local headers = {
    ["X-Forwarded-For"] = reader,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
  }
  return wrk.format("POST", "/api/ratings/" .. article .. "/", headers, body)
end
