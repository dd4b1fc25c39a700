-- wrk script: POST one JSON-RPC tools/call to /mcp, over and over.
-- MCP_MODE=stateless (default) speaks the 2026-07-28 revision: no session, the revision and client in _meta and
-- the Mcp-Method/Mcp-Name headers. MCP_MODE=session speaks 2025-11-25 on the session in MCP_SESSION_ID.
-- MCP_TOOL and MCP_ARGUMENTS change the call (default: the same query as GET /data/crm?status=active&page_size=10).
local mode = os.getenv("MCP_MODE") or "stateless"
local tool = os.getenv("MCP_TOOL") or "query_data"
local arguments = os.getenv("MCP_ARGUMENTS") or '{"source":"crm","filters":{"status":"active"},"page_size":10}'

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"

if mode == "session" then
  wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
  wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION_ID")
  wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool .. '","arguments":' .. arguments .. '}}'
else
  wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
  wrk.headers["Mcp-Method"] = "tools/call"
  wrk.headers["Mcp-Name"] = tool
  wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool .. '","arguments":' .. arguments
    .. ',"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"wrk","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}'
end
