-- ops/bench submit, ops/bench cluster: signed submissions for wrk, from the declarations and token SubmissionFixtures
-- wrote to BENCH_WORK.
local work = os.getenv("BENCH_WORK")
local lines = {}
for line in io.lines(work .. "/declarations.jws") do lines[#lines + 1] = line end
local token = io.open(work .. "/token"):read("*l")
local i = math.random(#lines)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/jose"
wrk.headers["Authorization"] = "Bearer " .. token
-- BENCH_KEYED=1: each request carries a fresh Idempotency-Key, as the phone app sends one with every POST
-- (the api stores its answer under the key in the submission's own transaction).
local keyed = os.getenv("BENCH_KEYED") == "1"
local run = tostring(os.time())
local sent = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
request = function()
  i = (i % #lines) + 1
  if not keyed then return wrk.format(nil, "/api/v1/declarations", nil, lines[i]) end
  sent = sent + 1
  -- headers given to wrk.format replace wrk.headers: all three are named
  return wrk.format(nil, "/api/v1/declarations", {["Content-Type"] = "application/jose", ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. thread_id .. "-" .. sent}, lines[i])
end
response = function(status, headers, body)
  if status ~= 201 then io.stderr:write("unexpected status " .. status .. "\n") end
end
