-- wrk script for the "Monday morning" run (bench/run.py): many readers, each with their own
-- session and single sign-on header, reading the home page and then its newest post.
-- Arguments: the file of readers ("username<TAB>Cookie header" lines) and the newest post's path.
local readers = {}
local newest = "/"
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local name, cookie = line:match("^([^\t]+)\t(.+)$")
    if name then
      table.insert(readers, { name, cookie })
    end
  end
  newest = args[2]
  -- Each wrk thread starts at a different reader.
  counter = math.random(#readers)
end

function request()
  counter = counter + 1
  local reader = readers[(counter % #readers) + 1]
  local path = newest
  if counter % 2 == 0 then
    path = "/"
  end
  return wrk.format("GET", path, { ["Cookie"] = reader[2], ["X-Remote-User"] = reader[1] })
end

function response(status, headers, body)
  -- The home page's first post is the newest: a post published during the run is read next.
  if body then
    local found = body:match('<h2 id="post%-%d+%-title" class="post%-title"><a href="([^"]+)"')
    if found then
      newest = found
    end
  end
end
