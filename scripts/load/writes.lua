-- Authenticated writes: a new timesheet with a day row for a staff member of the writer's
-- municipality in an open month (2015-01..2015-06), each (staff, month) once per thread
-- slice, so a write never collides with another.
local data = dofile(os.getenv("LOAD_DATA"))
local threads = {}
local counter = 0

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
  local body = string.format(
    '{"staff_id":%d,"month":"2015-%02d","funding":"project","rows":[{"date":"2015-%02d-05","hours":"7.5","note":"last"}]}',
    staff, month, month)
  return wrk.format("POST", "/api/v1/timesheets",
    { ["Authorization"] = "Bearer " .. w.token, ["Content-Type"] = "application/json" }, body)
end
