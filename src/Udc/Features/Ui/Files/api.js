// Calls to the UDC API and the pieces every tab shares: keys kept in session storage, the error envelope
// turned into readable text, number and date formatting, and small DOM helpers.

const ADMIN_KEY = 'udc.adminKey';
const CLIENT_KEY = 'udc.clientKey';

/** Keys live in sessionStorage only: they go when the tab closes and are never written anywhere else. */
export const keys = {
  admin: () => sessionStorage.getItem(ADMIN_KEY) || '',
  client: () => sessionStorage.getItem(CLIENT_KEY) || '',
  setAdmin: (value) => store(ADMIN_KEY, value),
  setClient: (value) => store(CLIENT_KEY, value),
};

function store(name, value) {
  if (value) {
    sessionStorage.setItem(name, value);
  } else {
    sessionStorage.removeItem(name);
  }
}

/** Request headers: JSON, the client key when one is set, the admin key for admin routes. */
export function headers({ admin = false, json = false } = {}) {
  const h = { Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  const client = keys.client();
  if (client) h['X-API-Key'] = client;
  if (admin && keys.admin()) h['X-Admin-Key'] = keys.admin();
  return h;
}

/**
 * Calls the API and never throws: resolves to {ok, status, data, error, response}. `error` is always the
 * envelope's shape {code, message, details}, made up here when the server or the network gave none.
 */
export async function api(path, { method = 'GET', body, admin = false, signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers({ admin, json: body !== undefined }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (e.name === 'AbortError') return { ok: false, aborted: true, status: 0, error: null };
    return { ok: false, status: 0, error: { code: 'NETWORK_ERROR', message: `Could not reach the server (${e.message}).`, details: [] } };
  }
  return readResponse(response);
}

/** Reads a fetch response into {ok, status, data, error, response}. */
export async function readResponse(response) {
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (response.status !== 204 && type.includes('json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data, error: null, response };
  const envelope = data && typeof data === 'object' && data.error && typeof data.error === 'object' ? data.error : null;
  const error = envelope
    ? { code: String(envelope.code || `HTTP_${response.status}`), message: String(envelope.message || ''), details: Array.isArray(envelope.details) ? envelope.details : [] }
    : { code: `HTTP_${response.status}`, message: `The server answered ${response.status} ${response.statusText || ''} without an explanation.`.replace(/ +without/, ' without'), details: [] };
  return { ok: false, status: response.status, data, error, response };
}

/** True for the router's 404: the endpoint is not on this server (not a missing record or key). */
export function isMissingEndpoint(result) {
  return result.status === 404 && result.error && result.error.code === 'NOT_FOUND';
}

/**
 * Shows an API error as sentences in an alert region: what failed, the server's message, each detail as
 * "where: what", and the code in small print. Never raw JSON.
 */
export function showError(region, what, error) {
  region.replaceChildren();
  if (!error) {
    region.hidden = true;
    return;
  }
  const lead = el('p');
  lead.append(el('strong', {}, `${what}: `), friendlyMessage(error));
  region.append(lead);
  const details = (error.details || []).filter((d) => d && (d.msg || d.loc));
  if (details.length) {
    const list = el('ul');
    for (const d of details) {
      const where = Array.isArray(d.loc) ? d.loc.filter((p) => p !== 'query' && p !== 'body' && p !== 'path').join('.') : '';
      list.append(el('li', {}, where ? `${where}: ${d.msg}` : String(d.msg)));
    }
    region.append(list);
  }
  region.append(el('p', { class: 'code' }, `Error code ${error.code}`));
  region.hidden = false;
}

export function clearError(region) {
  showError(region, '', null);
}

function friendlyMessage(error) {
  switch (error.code) {
    case 'NOT_FOUND':
      return `this server does not offer it. ${error.message}`;
    case 'AUTH_INVALID_API_KEY':
      return `${error.message} Set a client key under "Keys and status".`;
    case 'ADMIN_NOT_CONFIGURED':
      return `${error.message} Check the admin key under "Keys and status".`;
    case 'RATE_LIMIT_EXCEEDED':
      return `${error.message} Wait a little and try again.`;
    default:
      return error.message || 'the server gave no reason.';
  }
}

/** Creates an element with attributes and children (strings become text, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 4 });

export function formatNumber(value) {
  return typeof value === 'number' ? numberFormat.format(value) : String(value);
}

/** "3 minutes", "2 hours", "5 days". */
export function formatAge(seconds) {
  if (typeof seconds !== 'number' || !isFinite(seconds)) return '';
  const units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  for (const [name, size] of units) {
    if (seconds >= size || name === 'second') {
      const n = Math.floor(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return '';
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The day after a YYYY-MM-DD date, for "up to and including" bounds. */
export function nextDay(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The source list, fetched once per page load and shared by the tabs. */
let sourcesPromise = null;

export function loadSources(force = false) {
  if (force || !sourcesPromise) {
    sourcesPromise = api('/sources');
  }
  return sourcesPromise;
}

const described = new Map();

/** A source's columns, fetched once per source per page load. */
export function describeSource(name) {
  if (!described.has(name)) {
    described.set(name, api(`/sources/${encodeURIComponent(name)}`).then((result) => {
      if (!result.ok) described.delete(name);
      return result;
    }));
  }
  return described.get(name);
}

export function fillSelect(select, options, selected) {
  select.replaceChildren(...options.map(([value, label]) => el('option', { value, selected: value === selected }, label)));
}

/**
 * Follows a Server-Sent Events stream through fetch (so the key headers go with it, which EventSource cannot send),
 * calling onEvent({ id, event, data }) for each event and reconnecting 3 s after the stream ends, with Last-Event-ID.
 * Returns a function that stops it.
 */
export function followEvents(path, onEvent) {
  let stopped = false;
  let lastId = null;
  const controller = new AbortController();
  async function run() {
    while (!stopped) {
      try {
        const requestHeaders = headers();
        if (lastId !== null) requestHeaders['Last-Event-ID'] = lastId;
        const response = await fetch(path, { headers: requestHeaders, signal: controller.signal });
        if (response.ok && response.body) {
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const item = { id: null, event: 'message', data: '' };
              for (const line of block.split('\n')) {
                if (line.startsWith('id: ')) item.id = line.slice(4);
                else if (line.startsWith('event: ')) item.event = line.slice(7);
                else if (line.startsWith('data: ')) item.data += line.slice(6);
              }
              if (item.data) {
                if (item.id !== null) lastId = item.id;
                try {
                  onEvent({ ...item, data: JSON.parse(item.data) });
                } catch {
                  // An event that is not JSON is not one of UDC's; it is skipped.
                }
              }
            }
          }
        }
      } catch {
        if (stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
  run();
  return () => {
    stopped = true;
    controller.abort();
  };
}
