-- Authenticated writes: a new timesheet with a day row for a staff member of the writer's
-- municipality in an open month (2015-01..2015-06), each (staff, month) once per thread
-- slice, so a write never collides with another. Once every (staff, month) pair has had
-- its timesheet (16 800 at national scale, reached after about 30 s at 560 writes/s), the
-- writes go on as other-cost entries in the same months, each with its own voucher number:
-- a write of the same kind (one row and its audit entry), never a 409.
--
-- LOAD_WRITE_RATE=N paces the writers: each of the 10 connections waits 10/N s before
-- each write, so they write somewhat under N/s in all (the answer's time comes on top).
-- Unset, they write as fast as they are answered.
local data = dofile(os.getenv("LOAD_DATA"))
local threads = {}
local counter = 0
local rate = tonumber(os.getenv("LOAD_WRITE_RATE") or "")
if rate then
  function delay()
    return 10 * 1000 / rate
  end
end

function setup(thread)
  counter = counter + 1
  thread:set("slice", counter)
  table.insert(threads, thread)
end

local n = 0
function request()
  local slices = tonumber(os.getenv("LOAD_WRITE_THREADS") or "1")
  -- The k-th write of this thread takes pair k * slices + slice: disjoint across threads.
  local k = n * slices + (slice - 1)
  n = n + 1
  local w = data.writers[(k % #data.writers) + 1]
  local round = math.floor(k / #data.writers)
  local staff = w.staff[(round % #w.staff) + 1]
  local month = math.floor(round / #w.staff) % 6 + 1
  if round >= #w.staff * 6 then
    local body = string.format(
      '{"organisation_id":%d,"date":"2015-%02d-05","category":"materials","amount":"125.50","supplier":"Last","voucher_number":"L-%d","description":"load"}',
      w.org, month, k)
    return wrk.format("POST", "/api/v1/other-costs",
      { ["Authorization"] = "Bearer " .. w.token, ["Content-Type"] = "application/json" }, body)
  end
  local body = string.format(
    '{"staff_id":%d,"month":"2015-%02d","funding":"project","rows":[{"date":"2015-%02d-05","hours":"7.5","note":"last"}]}',
    staff, month, month)
  return wrk.format("POST", "/api/v1/timesheets",
    { ["Authorization"] = "Bearer " .. w.token, ["Content-Type"] = "application/json" }, body)
end
