-- wrk script for bench/ballots_api.py: every request is a real, distinct ballot.
-- Arguments: <file with one voting code a line> <proposal ids, comma-separated> <slug> <wrk threads>
-- Request n (counted across wrk threads): four in five cast with a fresh code, the fifth replaces
-- an earlier ballot; once the codes are used up the next round replaces earlier ballots too. A response counts as a success
-- only if it is 200 and carries the new ballot's version.

local threads = {}
local next_thread = 0

function setup(thread)
   thread:set("thread_index", next_thread)
   next_thread = next_thread + 1
   table.insert(threads, thread)
end

failures = 0
successes = 0
local counter = 0
local codes = {}
local ids = {}
local path
local stride

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then codes[#codes + 1] = line end
   end
   for id in string.gmatch(args[2], "%d+") do ids[#ids + 1] = tonumber(id) end
   path = "/api/v1/processes/" .. args[3] .. "/ballot"
   stride = tonumber(args[4])
end

function request()
   local index = thread_index + counter * stride
   counter = counter + 1
   -- Of every five requests, four cast with a fresh code and the fifth replaces the ballot
   -- of the first of those four (same wrk thread, so it was sent earlier).
   local group, place = math.floor(index / 5), index % 5  -- LuaJIT: no // operator
   local position = group * 4 + (place < 4 and place or 0)
   local code = codes[(position % #codes) + 1]
   local picks = {}
   for k = 0, index % 4 do
      picks[#picks + 1] = '{"proposal":' .. ids[((index + k) % #ids) + 1] .. '}'
   end
   local body = '{"choices":[' .. table.concat(picks, ",") .. ']}'
   return wrk.format("PUT", path, {
      ["Content-Type"] = "application/json",
      ["X-Voting-Code"] = code,
   }, body)
end

function response(status, headers, body)
   if status == 200 and string.find(body, '"version":', 1, true) then
      successes = successes + 1
   else
      failures = failures + 1
   end
end

function done(summary, latency, requests)
   local ok, bad = 0, 0
   for _, thread in ipairs(threads) do
      ok = ok + thread:get("successes")
      bad = bad + thread:get("failures")
   end
   local errors = summary.errors
   io.write(string.format(
      'WRK_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,'
         .. '"successes":%d,"failures":%d,"socket_errors":%d}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      latency.max, ok, bad,
      errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
