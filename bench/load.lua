-- wrk script of bench/load.py: every request as one of the signed-in people (their own session
-- cookie), for one page kind alone or the deadline-day mix.
--   wrk ... -s bench/load.lua http://127.0.0.1:PORT -- <daftar|skp|eviden|skp_penilai|bawahan|mix> people.lua
-- people.lua (written by load.py) returns {owners = {...}, raters = {...}}; an owner has
-- cookie, csrf, pages = {daftar, skp, eviden} and save (the Realisasi cell URL); a rater has
-- cookie and pages = {bawahan, skp_penilai}.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local mode, owners, raters
status = {}

function init(args)
  mode = args[1]
  local people = dofile(args[2])
  owners, raters = people.owners, people.raters
  math.randomseed(os.time() * 1000 + id)
end

local function get(person, page)
  return wrk.format("GET", person.pages[page], {Cookie = person.cookie})
end

local function save(owner)
  local body = "realisasi=" .. math.random(1, 100) .. "+dokumen&sumber_data=Laporan+bulanan"
  return wrk.format("POST", owner.save, {
    Cookie = owner.cookie, ["X-CSRFToken"] = owner.csrf, ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

local OWNER_PAGES = {daftar = true, skp = true, eviden = true}

function request()
  if mode ~= "mix" then
    if OWNER_PAGES[mode] then return get(owners[math.random(#owners)], mode) end
    return get(raters[math.random(#raters)], mode)
  end
  -- 80 % reads (owners 70: Daftar SKP 20, SKP 25, Pengisian Eviden 25; raters 10: Penilaian
  -- Bawahan 5, the SKP page as rater 5), 20 % Realisasi saves.
  local x = math.random(100)
  local owner = owners[math.random(#owners)]
  if x <= 20 then return get(owner, "daftar")
  elseif x <= 45 then return get(owner, "skp")
  elseif x <= 70 then return get(owner, "eviden")
  elseif x <= 75 then return get(raters[math.random(#raters)], "bawahan")
  elseif x <= 80 then return get(raters[math.random(#raters)], "skp_penilai")
  end
  return save(owner)
end

function response(code, headers, body)
  local k = tostring(code)
  status[k] = (status[k] or 0) + 1
end

function done(summary, latency, requests)
  local codes = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("status")) do codes[k] = (codes[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(codes) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "status": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout,
    table.concat(parts, ", ")))
end
