-- wrk script: each request is a public organisation search, taken at random from the
-- QUERIES file (URL paths, one per line) that `sanshe-bench organizations` writes.
local paths = {}

function init(args)
  for line in io.lines(os.getenv("QUERIES")) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + (args[1] or 0))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
