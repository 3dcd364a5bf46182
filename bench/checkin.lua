-- wrk script: each request is one volunteer's QR check-in or check-out, sent with the
-- volunteer's own API token and the token of the activity's QR code.
-- REQUESTS names lines `POST PATH BEARER_TOKEN` (from `sanshe-bench checkins`), one per
-- request, each used once; QR_TOKENS names lines `ACTIVITY_ID QR_TOKEN`, fetched from the
-- server by bench/checkins.sh just before the run.
local requests = {}
local next_request = 1

function init(args)
  local qr = {}
  for line in io.lines(os.getenv("QR_TOKENS")) do
    local activity, token = line:match("^(%d+) (%x+)$")
    qr[activity] = token
  end
  for line in io.lines(os.getenv("REQUESTS")) do
    local method, path, bearer = line:match("^(%S+) (%S+) (%S+)$")
    local activity = path:match("/volunteer%-activities/(%d+)/")
    local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. bearer }
    requests[#requests + 1] = wrk.format(method, path, headers, '{"token":"' .. qr[activity] .. '"}')
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request + 1
  if r == nil then
    -- Out of volunteers: an unauthenticated request, which the run reports as non-2xx.
    return wrk.format("POST", "/api/v1/volunteer-activities/0/check-in", { ["Content-Type"] = "application/json" }, "{}")
  end
  return r
end
