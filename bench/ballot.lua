-- wrk script: each request casts a phone ballot with the next unused voting code.
-- CODES names the file of codes (one per line), prepared by `sanshe-bench ballots`.
local codes = {}
local next_code = 1

function init(args)
  for line in io.lines(os.getenv("CODES")) do
    codes[#codes + 1] = line
  end
end

function request()
  local code = codes[next_code]
  next_code = next_code + 1
  if code == nil then
    code = "NO-CODE-LEFT"
  end
  local body = '{"code":"' .. code .. '","ballot":{"director":["张丽华"],"member":["王建国","李秀英"]}}'
  return wrk.format("POST", "/api/v1/ballots", { ["Content-Type"] = "application/json" }, body)
end
