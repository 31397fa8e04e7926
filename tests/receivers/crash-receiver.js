#!/usr/bin/env node
// A stand-in for the crash backends wercli delivers to, for the end-to-end tests. It stores what a backend
// would store, and nothing here parses a wire format by hand:
//   POST /submit                  the Breakpad/Crashpad minidump upload (multipart/form-data), parsed by
//                                 busboy; answers "CrashID=bp-<uuid>" as Socorro does
//   POST /api/<project>/envelope/ a Sentry envelope, parsed by @sentry/core's parseEnvelope (the SDKs' own);
//                                 checks X-Sentry-Auth's sentry_key; answers {"id": <event_id>}
//   GET  /stored                  JSON: every crash stored so far (see store* below)
//   POST /faults?status=429&count=2&retryAfter=2   the next `count` requests get that status
//   POST /faults?drop=1           the next request is stored, then its connection is cut (a lost response)
// Gzip bodies (Content-Encoding: gzip) are inflated first, as Socorro's collector and Sentry's Relay do.
// A file part is never held in memory: busboy streams it through SHA-256 to disk (or only through SHA-256
// with --no-keep-files, for the 1 GiB test). Sentry envelopes are read whole, as Relay reads them.
//
// Usage: node crash-receiver.js --port-file FILE --out DIR [--sentry-key KEY] [--no-keep-files] [--port N]
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const busboy = require('busboy');
const { parseEnvelope } = require('@sentry/core');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const out = opt('--out');
const portFile = opt('--port-file');
const sentryKey = opt('--sentry-key', 'publickey');
const keepFiles = !args.includes('--no-keep-files');
if (!out || !portFile) {
  console.error('usage: crash-receiver.js --port-file FILE --out DIR [--sentry-key KEY] [--no-keep-files]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

const stored = [];      // one entry per crash a backend would keep
const requests = [];    // every request, for counting retries: {kind, status}
const faults = [];      // queued fault answers
function record(entry) {
  stored.push(entry);
  fs.writeFileSync(path.join(out, 'stored.json'), JSON.stringify(stored, null, 1));
}

function body(req) {
  return req.headers['content-encoding'] === 'gzip' ? req.pipe(zlib.createGunzip()) : req;
}

function answer(res, req, kind, status, text, headers) {
  requests.push({ kind, status });
  const fault = faults.length ? faults[0] : null;
  if (fault && fault.drop) {
    faults.shift();
    req.socket.destroy(); // stored, but the client never hears so
    return;
  }
  res.writeHead(status, Object.assign({ 'Content-Type': 'text/plain' }, headers || {}));
  res.end(text);
}

// Faults that answer without storing (429, 500) come before any parsing.
function takeRefusal(req, res, kind) {
  const f = faults[0];
  if (!f || f.drop) return false;
  faults.shift();
  req.resume();
  requests.push({ kind, status: f.status });
  const headers = {};
  if (f.retryAfter) headers['Retry-After'] = String(f.retryAfter);
  if (f.rateLimits) headers['X-Sentry-Rate-Limits'] = f.rateLimits;
  res.writeHead(f.status, headers);
  res.end('fault injected: ' + f.status);
  return true;
}

function breakpad(req, res) {
  if (takeRefusal(req, res, 'breakpad')) return;
  const crashId = 'bp-' + crypto.randomUUID();
  const dir = path.join(out, 'breakpad', crashId);
  fs.mkdirSync(dir, { recursive: true });
  const fields = {};
  const files = {};
  const pending = [];
  let bb;
  try {
    bb = busboy({ headers: req.headers, limits: { fileSize: Infinity } });
  } catch (e) {
    answer(res, req, 'breakpad', 400, 'not multipart: ' + e.message);
    return;
  }
  bb.on('field', (name, value) => { fields[name] = value; });
  bb.on('file', (name, stream, info) => {
    const hash = crypto.createHash('sha256');
    let size = 0;
    const sink = keepFiles ? fs.createWriteStream(path.join(dir, name)) : null;
    pending.push(new Promise((resolve, reject) => {
      stream.on('data', (chunk) => { hash.update(chunk); size += chunk.length; if (sink) sink.write(chunk); });
      stream.on('end', () => {
        files[name] = { filename: info.filename, contentType: info.mimeType, size, sha256: hash.digest('hex') };
        if (sink) sink.end(resolve); else resolve();
      });
      stream.on('error', reject);
    }));
  });
  bb.on('error', (e) => answer(res, req, 'breakpad', 400, 'bad multipart: ' + e.message));
  bb.on('close', () => {
    Promise.all(pending).then(() => {
      if (!files.upload_file_minidump) {
        answer(res, req, 'breakpad', 400, 'no upload_file_minidump');
        return;
      }
      const report = keepFiles && files.wercli_report
        ? JSON.parse(fs.readFileSync(path.join(dir, 'wercli_report'), 'utf8')) : null;
      record({ kind: 'breakpad', crashId, gzip: req.headers['content-encoding'] === 'gzip', fields, files,
        reportId: report ? report.report_id : fields.wercli_report_id });
      answer(res, req, 'breakpad', 200, 'CrashID=' + crashId + '\n');
    }, (e) => answer(res, req, 'breakpad', 500, String(e)));
  });
  body(req).pipe(bb);
}

function sentry(req, res, project) {
  const auth = String(req.headers['x-sentry-auth'] || '');
  if (!auth.includes('sentry_key=' + sentryKey)) {
    req.resume();
    answer(res, req, 'sentry', 401, 'bad sentry_key');
    return;
  }
  if (takeRefusal(req, res, 'sentry')) return;
  const chunks = [];
  const stream = body(req);
  stream.on('data', (c) => chunks.push(c));
  stream.on('error', (e) => answer(res, req, 'sentry', 400, String(e)));
  stream.on('end', () => {
    let header, items;
    try {
      [header, items] = parseEnvelope(new Uint8Array(Buffer.concat(chunks)));
    } catch (e) {
      answer(res, req, 'sentry', 400, 'bad envelope: ' + e.message);
      return;
    }
    // parseEnvelope returns the payload of an item with a `length` as bytes; Relay reads an event as JSON.
    const json = (payload) => (payload instanceof Uint8Array ? JSON.parse(Buffer.from(payload).toString('utf8')) : payload);
    const eventItem = items.find(([h]) => h.type === 'event');
    const event = eventItem ? [eventItem[0], json(eventItem[1])] : null;
    const eventId = header.event_id || (event && event[1].event_id);
    const attachments = items.filter(([h]) => h.type === 'attachment').map(([h, payload]) => {
      const bytes = Buffer.from(payload);
      return { filename: h.filename, attachmentType: h.attachment_type || 'event.attachment',
        contentType: h.content_type, length: h.length, size: bytes.length,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
    });
    // Sentry keeps one event per event_id: a resend of the same id is not a second crash.
    const duplicate = stored.some((s) => s.kind === 'sentry' && s.eventId === eventId);
    if (!duplicate) {
      record({ kind: 'sentry', project, eventId, envelopeHeader: header, event: event ? event[1] : null,
        attachments, itemTypes: items.map(([h]) => h.type) });
    } else {
      requests.push({ kind: 'sentry-duplicate', status: 200 });
    }
    answer(res, req, 'sentry', 200, JSON.stringify({ id: eventId }), { 'Content-Type': 'application/json' });
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/stored') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ stored, requests }));
  } else if (req.method === 'POST' && url.pathname === '/faults') {
    const n = Number(url.searchParams.get('count') || 1);
    for (let i = 0; i < n; i++) {
      faults.push(url.searchParams.get('drop') ? { drop: true } : {
        status: Number(url.searchParams.get('status')),
        retryAfter: url.searchParams.get('retryAfter'),
        rateLimits: url.searchParams.get('rateLimits'),
      });
    }
    req.resume();
    res.end('ok');
  } else if (req.method === 'POST' && url.pathname === '/submit') {
    breakpad(req, res);
  } else if (req.method === 'POST' && /^\/api\/[^/]+\/envelope\/?$/.test(url.pathname)) {
    sentry(req, res, url.pathname.split('/')[2]);
  } else {
    req.resume();
    answer(res, req, 'other', 404, 'no such endpoint');
  }
});
server.requestTimeout = 0; // a 1 GiB upload may take a while
server.listen(Number(opt('--port', 0)), '127.0.0.1', () => {
  fs.writeFileSync(portFile + '.tmp', String(server.address().port));
  fs.renameSync(portFile + '.tmp', portFile);
});
