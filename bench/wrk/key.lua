-- Sends the client key from $UDC_KEY with every request (wrk -s key.lua).
local key = os.getenv("UDC_KEY")
if key ~= nil and key ~= "" then
  wrk.headers["X-API-Key"] = key
end
