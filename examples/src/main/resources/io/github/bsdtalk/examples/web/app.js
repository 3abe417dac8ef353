// The talk room in a browser: join, chat, and call a user one-to-one with talk's split view.
// Everything from the server goes into the page as textContent, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
let session = null;
let events = null;
let inCall = false;
// The callee's edit characters (erase, kill, word erase), from the editchars event.
let theirChars = { erase: 0x7f, kill: 0x15, werase: 0x17 };
const MINE = { erase: 0x7f, kill: 0x15, werase: 0x17 };

async function post(path, body) {
  const reply = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  let json = {};
  try { json = await reply.json(); } catch (e) { json = { error: 'no answer' }; }
  if (!reply.ok) {
    throw new Error(json.error || ('HTTP ' + reply.status));
  }
  return json;
}

function addLine(text) {
  const log = $('log');
  const div = document.createElement('div');
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
}

function showMembers(names) {
  const ul = $('members');
  ul.replaceChildren();
  for (const name of names) {
    const li = document.createElement('li');
    li.textContent = name;
    ul.appendChild(li);
  }
}

// Applies typed text to a pane as talk does: erase removes one code point (a whole character,
// not half of one), kill the line, word erase the word before the cursor; other controls but
// the line feed are dropped.
function apply(pane, text, chars) {
  let shown = Array.from(pane.textContent);
  for (const ch of Array.from(text)) {
    const c = ch.codePointAt(0);
    if (c === chars.erase || c === 0x08) {
      if (shown.length > 0 && shown[shown.length - 1] !== '\n') { shown.pop(); }
    } else if (c === chars.kill) {
      while (shown.length > 0 && shown[shown.length - 1] !== '\n') { shown.pop(); }
    } else if (c === chars.werase) {
      while (shown.length > 0 && shown[shown.length - 1] === ' ') { shown.pop(); }
      while (shown.length > 0 && shown[shown.length - 1] !== ' '
          && shown[shown.length - 1] !== '\n') { shown.pop(); }
    } else if (c === 0x0a || c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0)) {
      shown.push(ch);
    }
  }
  pane.textContent = shown.join('');
  pane.scrollTop = pane.scrollHeight;
}

function setCall(state, text) {
  $('call-status').textContent = text;
  if (state === 'connected') {
    inCall = true;
    $('mine').textContent = '';
    $('theirs').textContent = '';
    $('split').hidden = false;
    $('keys').focus();
  } else if (state === 'ended' || state === 'refused') {
    inCall = false;
  }
}

function listen() {
  events = new EventSource('/api/events?session=' + encodeURIComponent(session));
  events.addEventListener('line', (e) => addLine(JSON.parse(e.data).text));
  events.addEventListener('members', (e) => showMembers(JSON.parse(e.data).members));
  events.addEventListener('call', (e) => {
    const d = JSON.parse(e.data);
    setCall(d.state, d.text);
  });
  events.addEventListener('editchars', (e) => {
    const d = JSON.parse(e.data);
    theirChars = { erase: d.erase, kill: d.kill, werase: d.werase };
  });
  events.addEventListener('keys', (e) => apply($('theirs'), JSON.parse(e.data).text, theirChars));
  events.onerror = () => {
    // EventSource retries by itself; once it gives up (the session is gone), say so
    if (events.readyState === EventSource.CLOSED) {
      $('status').textContent = 'disconnected: join again';
      $('name').disabled = false;
      $('join').disabled = false;
      $('message').disabled = true;
      session = null;
    }
  };
}

async function join() {
  try {
    const r = await post('/api/join', { name: $('name').value });
    session = r.session;
    $('status').textContent = 'joined as ' + r.name;
    $('name').disabled = true;
    $('join').disabled = true;
    $('message').disabled = false;
    $('message').focus();
    listen();
  } catch (e) {
    $('status').textContent = e.message;
  }
}

async function say() {
  const text = $('message').value;
  if (!session || text === '') { return; }
  $('message').value = '';
  try {
    await post('/api/say', { session, text });
  } catch (e) {
    addLine('*** not sent: ' + e.message);
  }
}

async function call() {
  const user = $('call-user').value;
  if (!session) { $('call-status').textContent = 'join first'; return; }
  try {
    await post('/api/call', { session, user });
  } catch (e) {
    $('call-status').textContent = 'refused: ' + e.message;
  }
}

// Keystrokes go out at once, one request each, in order; a failed one is shown, not retried.
let sending = Promise.resolve();
function sendKeys(text) {
  if (!inCall) { return; }
  apply($('mine'), text, MINE);
  sending = sending.then(() => post('/api/keys', { session, text }))
    .catch((e) => { $('call-status').textContent = 'not sent: ' + e.message; });
}

function onKey(e) {
  let text = null;
  if (e.key === 'Backspace') {
    text = (e.altKey || e.ctrlKey) ? '\u0017' : '\u007f';
  } else if (e.ctrlKey && (e.key === 'u' || e.key === 'U')) {
    text = '\u0015';
  } else if (e.ctrlKey && (e.key === 'w' || e.key === 'W')) {
    text = '\u0017';
  } else if (e.key === 'Enter') {
    text = '\n';
  } else if (e.key.length > 0 && Array.from(e.key).length === 1 && !e.ctrlKey && !e.metaKey) {
    text = e.key;
  }
  if (text !== null) {
    e.preventDefault();
    sendKeys(text);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('join').addEventListener('click', join);
  $('name').addEventListener('keydown', (e) => { if (e.key === 'Enter') { join(); } });
  $('message').addEventListener('keydown', (e) => { if (e.key === 'Enter') { say(); } });
  $('call').addEventListener('click', call);
  $('hangup').addEventListener('click', () => {
    if (session) { post('/api/hangup', { session }).catch(() => {}); }
  });
  // leaving the page leaves the room now, not at the server's sweep for pages unseen for 30 s;
  // a beacon is the one request a browser still sends while the page goes away
  window.addEventListener('pagehide', () => {
    if (session) { navigator.sendBeacon('/api/leave', JSON.stringify({ session })); }
  });
  $('keys').addEventListener('keydown', onKey);
  // text that arrives without a keydown we handle (a paste, an input method) is sent as typed
  $('keys').addEventListener('input', () => {
    const text = $('keys').value;
    $('keys').value = '';
    if (text !== '') { sendKeys(text); }
  });
});
