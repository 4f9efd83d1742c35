-- Authenticated reads: a municipality's monthly report (its own view), a region's
-- consolidated report, a municipality's participant list, its staff list.
local data = dofile(os.getenv("LOAD_DATA"))
local n = 0

function request()
  n = n + 1
  local months = { "2012-03", "2012-09", "2013-02", "2013-06", "2013-11", "2014-04", "2014-10" }
  local month = months[(n % #months) + 1]
  local m = data.municipalities[(n * 7919 % #data.municipalities) + 1]
  local headers = { ["Authorization"] = "Bearer " .. data.owner }
  local kind = n % 10
  -- LOAD_ONLY=0|5|6|8: one kind of read alone (own report, region report, participants,
  -- staff), to see what each costs under the same settings.
  local only = os.getenv("LOAD_ONLY")
  if only then kind = tonumber(only) end
  if kind < 5 then
    return wrk.format("GET", "/api/v1/monthly-reports/" .. m .. "/" .. month .. "?view=own", headers)
  elseif kind < 6 then
    local r = data.regions[(n % #data.regions) + 1]
    return wrk.format("GET", "/api/v1/monthly-reports/" .. r .. "/" .. month, headers)
  elseif kind < 8 then
    return wrk.format("GET", "/api/v1/participants?organisation_id=" .. m .. "&limit=50", headers)
  else
    return wrk.format("GET", "/api/v1/staff?organisation_id=" .. m .. "&limit=50", headers)
  end
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
