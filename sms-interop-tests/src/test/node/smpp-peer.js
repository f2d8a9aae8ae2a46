#!/usr/bin/env node
/*
 * A scriptable SMSC that is neither jsmpp nor smsmux: node-smpp 0.5.1's server (npm package `smpp`) with the
 * behaviour of an aggregator's SMSC around it, driven over plain HTTP/JSON on loopback.
 *
 *   NODE_PATH=DIR/node_modules node smpp-peer.js
 *   -> prints one line: {"smppPort":N,"controlPort":M}  (both ephemeral, 127.0.0.1)
 *   -> serves until stdin closes or SIGTERM.
 *
 * Control (127.0.0.1:controlPort, JSON bodies):
 *   POST /arm      {fault:"throttle"|"invalid_dest"|"no_answer"|"drop", status:N, count:N,   next submit_sm(s)
 *                   idStyle:"decimal"|"hex-upper-padded"|"mixed-case",                       kept until reset
 *                   queueReceipts:bool, querySm:"answer"|"unsupported"|"fail", flushDelayMs:N, kept until reset
 *                   unbindCloseDelayMs:N (how long after a client's unbind the peer closes; default 1000),
 *                   receiptBeforeResp:{form,stat,err,delayMs}|true,                            next submit_sm
 *                   unbindAfterBind:bool, bindStatus:N}                                       next bind
 *   POST /receipt  {id, form:"text"|"tlv"|"tlv-no-nul"|"payload"|"ucs2"|"intermediate", stat, err,
 *                   onlyPart:bool, idAs:"submitted"|"decimal"|"hex", session:N, queue:bool}
 *   POST /mo       {from, to, text, encoding:"gsm"|"ucs2", form:"single"|"udh8"|"udh16"|"sar"|"payload",
 *                   partSize:N, ref:N, order:"reverse", session:N, queue:bool}
 *   POST /unbind   {session:N}  (all bound sessions when absent)          POST /flush {session:N}
 *   GET  /record                                                          POST /reset
 *
 * Why the workarounds (node-smpp 0.5.1 facts):
 *  - its `message` filter decodes short_message/message_payload into {udh, message} strings and its GSM decoder
 *    maps unknown octets to ' '; its `time` filter turns validity_period into a Date (an unparseable one into an
 *    Invalid Date). Both filters are replaced by identities here, so this peer sees and writes raw octets and
 *    strings, and does its own GSM 03.38 / UCS-2 / Latin-1 decoding and validity checks.
 *  - its cstring TLV type (receipted_message_id) always writes a trailing NUL and reads up to the next NUL in the
 *    PDU, ignoring the TLV length; the "tlv-no-nul" receipt is therefore appended as raw bytes after toBuffer().
 *  - a PDU built with a non-zero command_status is written header only (no body): right for SMPP 3.4 responses.
 *  - a parse error leaves its Session stuck (_busy stays true); this peer closes such a session.
 *  - cstrings are read as 'ascii' (the high bit is dropped).
 */
'use strict';

const http = require('http');
const path = require('path');

// ---------------------------------------------------------------------------------------------------------------
// node-smpp, from NODE_PATH or TEST_SMPP_PEER_NODE_MODULES
function loadSmpp() {
    const errors = [];
    const candidates = [null];
    for (const d of [process.env.TEST_SMPP_PEER_NODE_MODULES, ...(process.env.NODE_PATH || '').split(path.delimiter)]) {
        if (d) {
            candidates.push(path.join(path.resolve(d), 'smpp'));
        }
    }
    for (const c of candidates) {
        try {
            const lib = require(c || 'smpp');
            const pkg = require(c ? path.join(c, 'package.json') : 'smpp/package.json');
            return {lib, version: pkg.version};
        } catch (e) {
            errors.push((c || 'smpp') + ': ' + e.message.split('\n')[0]);
        }
    }
    process.stderr.write('smpp-peer: cannot load node-smpp (npm install --prefix DIR smpp@0.5.1, then NODE_PATH=DIR/node_modules)\n  '
        + errors.join('\n  ') + '\n');
    process.exit(2);
}

const loaded = loadSmpp();
if (loaded.version !== '0.5.1' && !process.env.SMPP_PEER_ANY_VERSION) {
    process.stderr.write('smpp-peer: needs node-smpp 0.5.1 exactly (its internals are worked around), found ' + loaded.version + '\n');
    process.exit(2);
}
const smpp = loaded.lib;
const PDU = smpp.PDU;

// Keep each PDU's raw bytes (non-enumerable, so node-smpp's own loops never see it).
const originalFromBuffer = PDU.prototype.fromBuffer;
PDU.prototype.fromBuffer = function (buffer) {
    Object.defineProperty(this, 'raw', {value: Buffer.from(buffer), enumerable: false, writable: true});
    return originalFromBuffer.call(this, buffer);
};
// Raw octets in and out: no text decoding, no Date conversion.
const IDENTITY = {encode: (v) => v, decode: (v) => v};
for (const cmd of ['submit_sm', 'deliver_sm', 'data_sm', 'replace_sm', 'query_sm_resp', 'submit_multi']) {
    const params = (smpp.commands[cmd] || {}).params || {};
    for (const key of ['short_message', 'validity_period', 'schedule_delivery_time', 'final_date']) {
        if (params[key]) {
            params[key].filter = IDENTITY;
        }
    }
}
smpp.tlvs.message_payload.filter = IDENTITY;

// ---------------------------------------------------------------------------------------------------------------
// constants
const SYSTEM_ID = 'shop';
const PASSWORD = 'smpp-Pa5';
const ST = {
    OK: 0x00, RINVMSGLEN: 0x01, RINVCMDID: 0x03, RINVBNDSTS: 0x04, RALYBND: 0x05, RINVDSTADR: 0x0B, RINVPASWD: 0x0E,
    RINVSRCTON: 0x48, RTHROTTLED: 0x58, RINVSCHED: 0x61, RINVEXPIRY: 0x62, RQUERYFAIL: 0x67,
};
const FAULTS = {throttle: ST.RTHROTTLED, invalid_dest: ST.RINVDSTADR, no_answer: 'no_answer', drop: 'drop'};
const STATES = {ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8};
const FINAL_STATES = new Set([2, 3, 4, 5, 6, 8]);
const RECEIPT_FORMS = ['text', 'tlv', 'tlv-no-nul', 'payload', 'ucs2', 'intermediate'];
const MO_FORMS = ['single', 'udh8', 'udh16', 'sar', 'payload'];
const ID_STYLES = ['decimal', 'hex-upper-padded', 'mixed-case'];

// ---------------------------------------------------------------------------------------------------------------
// GSM 03.38 (3GPP TS 23.038), unpacked: one septet per octet; 0x1B escapes into the extension table
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?'
    + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT = {0x0A: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2F: '\\', 0x3C: '[', 0x3D: '~', 0x3E: ']', 0x40: '|', 0x65: '€'};
if ([...GSM_BASIC].length !== 128) {
    throw new Error('GSM basic table has ' + [...GSM_BASIC].length + ' entries');
}
const GSM_ENC = new Map();
[...GSM_BASIC].forEach((c, i) => {
    if (i !== 0x1B) {
        GSM_ENC.set(c, [i]);
    }
});
for (const [k, c] of Object.entries(GSM_EXT)) {
    GSM_ENC.set(c, [0x1B, Number(k)]);
}

/** Septets per character (arrays of 1 or 2), or null when a character has no GSM 03.38 form. */
function gsmUnits(text) {
    const out = [];
    for (const ch of text) {
        const s = GSM_ENC.get(ch);
        if (!s) {
            return null;
        }
        out.push(s);
    }
    return out;
}

function gsmEncode(text) {
    const units = gsmUnits(text);
    if (!units) {
        throw new Error('not GSM 03.38: ' + JSON.stringify(text));
    }
    return Buffer.from(units.flat());
}

/** {text, danglingEscape, invalidOctets, unknownEscapes} */
function gsmDecode(buf) {
    let text = '';
    let invalidOctets = 0;
    let unknownEscapes = 0;
    let danglingEscape = false;
    for (let i = 0; i < buf.length; i++) {
        const b = buf[i];
        if (b > 0x7F) {
            invalidOctets++;
            text += '\uFFFD';
        } else if (b === 0x1B) {
            if (i + 1 >= buf.length) {
                danglingEscape = true;
            } else {
                const e = buf[++i];
                if (GSM_EXT[e] !== undefined) {
                    text += GSM_EXT[e];
                } else {
                    unknownEscapes++; // 23.038: show the basic table's character
                    text += e <= 0x7F ? [...GSM_BASIC][e] : '\uFFFD';
                }
            }
        } else {
            text += [...GSM_BASIC][b];
        }
    }
    return {text, danglingEscape, invalidOctets, unknownEscapes};
}

function ucs2Encode(text) {
    const b = Buffer.alloc(text.length * 2);
    for (let i = 0; i < text.length; i++) {
        b.writeUInt16BE(text.charCodeAt(i), i * 2);
    }
    return b;
}

function ucs2Decode(buf) {
    let text = '';
    for (let i = 0; i + 1 < buf.length; i += 2) {
        text += String.fromCharCode(buf.readUInt16BE(i));
    }
    const last = text.length ? text.charCodeAt(text.length - 1) : 0;
    return {text, oddLength: buf.length % 2 === 1, endsInHighSurrogate: last >= 0xD800 && last <= 0xDBFF};
}

/** What data_coding says of the alphabet: gsm (septets), latin1, ucs2, or binary (octets, not decoded). */
function alphabet(dc) {
    if (dc === 0) {
        return 'gsm';
    }
    if (dc === 3) {
        return 'latin1';
    }
    if (dc === 8) {
        return 'ucs2';
    }
    if ((dc & 0xF0) === 0xF0) {
        return (dc & 0x04) ? 'binary' : 'gsm';
    }
    return 'binary';
}

function decodeBody(buf, dc) {
    switch (alphabet(dc)) {
        case 'gsm': return gsmDecode(buf).text;
        case 'latin1': return buf.toString('latin1');
        case 'ucs2': return ucs2Decode(buf).text;
        default: return null;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// state
const started = Date.now();
let sessionSeq = 0;
let idCounter = 1000000;
let mixedTwin = null;
const live = new Map(); // session id -> S
let state;
let armed;

function freshState() {
    return {
        sessions: [],      // one entry per TCP connection
        pdus: [],          // every PDU in and out
        delivers: [],      // every deliver_sm sent, with its deliver_sm_resp status
        messages: [],      // whole submitted messages, reassembled
        pending: new Map(), // concatenation key -> {scheme, ref, total, parts: Map(seq -> part)}
        parts: new Map(),  // part id -> part
        queue: [],         // deliveries waiting for a receiver
        errors: [],
    };
}

function freshArmed() {
    return {
        faults: [], idStyle: 'decimal', queueReceipts: false, querySm: 'answer', flushDelayMs: 200, unbindCloseDelayMs: 1000,
        receiptBeforeResp: null, unbindAfterBind: false, bindStatus: null,
    };
}

state = freshState();
armed = freshArmed();

const now = () => Date.now() - started;
const log = (...a) => {
    if (process.env.SMPP_PEER_LOG) {
        process.stderr.write('smpp-peer: ' + a.join(' ') + '\n');
    }
};

function error(where, e) {
    const msg = where + ': ' + (e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e));
    state.errors.push(msg);
    process.stderr.write('smpp-peer: ' + msg + '\n');
}

function nextId() {
    const style = armed.idStyle;
    if (style === 'mixed-case') {
        // Letters in mixed case, and every second id is the previous one with its case inverted:
        // distinct as written, equal when case is folded.
        if (mixedTwin) {
            const twin = [...mixedTwin].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
            mixedTwin = null;
            return twin;
        }
        const id = 'mC' + (++idCounter).toString(16).toUpperCase().padStart(8, '0');
        mixedTwin = id;
        return id;
    }
    const n = ++idCounter;
    return style === 'hex-upper-padded' ? n.toString(16).toUpperCase().padStart(10, '0') : String(n);
}

// ---------------------------------------------------------------------------------------------------------------
// recording and writing PDUs
function sessionInfo(s) {
    return state.sessions.find((x) => x.id === s.id);
}

function recordPdu(dir, s, pdu, extra) {
    const entry = Object.assign({
        n: state.pdus.length, at: now(), dir, session: s.id, bind: s.bind, command: pdu.command,
        command_id: pdu.command_id, command_status: pdu.command_status, sequence_number: pdu.sequence_number,
    }, extra || {});
    state.pdus.push(entry);
    log(dir, 's' + s.id, pdu.command, 'seq=' + pdu.sequence_number, 'status=' + pdu.command_status);
    return entry;
}

function writePdu(s, pdu, extra, after) {
    if (!s.session.socket.writable) {
        return null;
    }
    if (!pdu.isResponse() && !pdu.sequence_number) {
        pdu.sequence_number = nextSequence(s);
    }
    s.session.send(pdu, null, after ? () => after() : undefined);
    return recordPdu('out', s, pdu, extra);
}

function nextSequence(s) {
    if (s.session.sequence === 0x7FFFFFFF) {
        s.session.sequence = 0;
    }
    return ++s.session.sequence;
}

/** A PDU written with extra raw bytes after what node-smpp writes (command_length patched). */
function writeRaw(s, pdu, tail, extra) {
    if (!s.session.socket.writable) {
        return null;
    }
    pdu.sequence_number = nextSequence(s);
    const buf = Buffer.concat([pdu.toBuffer(), tail]);
    buf.writeUInt32BE(buf.length, 0);
    pdu.command_length = buf.length;
    s.session.socket.write(buf);
    return recordPdu('out', s, pdu, extra);
}

function respond(s, pdu, status, fields, extra, after) {
    const resp = pdu.response(Object.assign({command_status: status}, status ? {} : (fields || {})));
    return writePdu(s, resp, extra, after);
}

function genericNack(s, pdu, status, extra) {
    const nack = new PDU('generic_nack', {sequence_number: pdu.sequence_number, command_status: status});
    return writePdu(s, nack, extra);
}

// ---------------------------------------------------------------------------------------------------------------
// sessions
const server = smpp.createServer((session) => {
    const s = {id: ++sessionSeq, session, bind: null, bound: false, unbinding: null, boundAt: null};
    live.set(s.id, s);
    state.sessions.push({id: s.id, remote_port: session.socket.remotePort, bind: null, system_id: null,
        opened_at: now(), bound_at: null, closed_at: null, unbound_by: null, bind_status: null});
    session.on('pdu', (pdu) => {
        try {
            onPdu(s, pdu);
        } catch (e) {
            error('handling ' + pdu.command, e);
        }
    });
    session.on('error', (e) => {
        const info = sessionInfo(s);
        if (info) {
            info.error = e.code || e.message;
        }
        if (!/ECONNRESET|EPIPE/.test(String(e.code))) {
            // a parse error leaves node-smpp's session stuck: close it, as an SMSC would
            log('session', s.id, 'error', e.message);
            session.destroy();
        }
    });
    session.on('close', () => onClose(s));
});

function onClose(s) {
    live.delete(s.id);
    s.bound = false;
    clearTimeout(s.unbindTimer);
    const info = sessionInfo(s);
    if (info) {
        info.closed_at = now();
    }
    for (const d of state.delivers) {
        if (d.session === s.id && d.resp_status === null && !d.lost) {
            d.lost = true;
            if (d.job.queueMode) {
                d.requeued = true;
                state.queue.push(d.job);
            }
        }
    }
}

function onPdu(s, pdu) {
    const extra = {};
    if (pdu.command === 'submit_sm') {
        Object.assign(extra, {source_addr: pdu.source_addr, source_addr_ton: pdu.source_addr_ton,
            destination_addr: pdu.destination_addr, esm_class: pdu.esm_class, data_coding: pdu.data_coding,
            sm_length: pdu.short_message ? pdu.short_message.length : 0});
    } else if (pdu.command === 'bind_transceiver' || pdu.command === 'bind_transmitter' || pdu.command === 'bind_receiver') {
        extra.system_id = pdu.system_id;
    } else if (pdu.command === 'query_sm') {
        extra.message_id = pdu.message_id;
    }
    const entry = recordPdu('in', s, pdu, extra);
    switch (pdu.command) {
        case 'bind_transceiver':
        case 'bind_transmitter':
        case 'bind_receiver':
            return onBind(s, pdu);
        case 'enquire_link':
            return respond(s, pdu, ST.OK);
        case 'unbind':
            s.bound = false;
            // Who unbound first: a client may still send its own unbind on a session this peer has just unbound
            // (both sides unbinding at once is legal), and that must not hide the server's unbind from the record.
            if (!sessionInfo(s).unbound_by) {
                sessionInfo(s).unbound_by = 'client';
            }
            // The initiator closes. Closing at once after unbind_resp makes jsmpp 3.0.1 lose the unbind_resp now and
            // then (its reader hits EOF before the response is handed over) and wait out its 10 s timeout.
            return respond(s, pdu, ST.OK, {}, {}, () => {
                s.unbindTimer = setTimeout(() => s.session.close(), armed.unbindCloseDelayMs);
            });
        case 'unbind_resp':
            s.bound = false;
            return s.session.close();
        case 'submit_sm':
            return onSubmit(s, pdu, entry);
        case 'query_sm':
            return onQuery(s, pdu);
        case 'deliver_sm_resp':
            return onDeliverResp(s, pdu);
        case 'generic_nack':
            return onDeliverResp(s, pdu); // a nack for our deliver_sm counts as its answer
        case 'enquire_link_resp':
            return undefined;
        default:
            if (!pdu.isResponse()) {
                genericNack(s, pdu, ST.RINVCMDID, {reason: 'not implemented by this peer: ' + pdu.command});
            }
            return undefined;
    }
}

function onBind(s, pdu) {
    const type = pdu.command.slice('bind_'.length);
    const info = sessionInfo(s);
    if (s.bind) {
        return respond(s, pdu, ST.RALYBND, null, {reason: 'already bound as ' + s.bind});
    }
    if (armed.bindStatus) {
        const status = armed.bindStatus;
        armed.bindStatus = null;
        info.bind_status = status;
        return respond(s, pdu, status, null, {reason: 'armed bindStatus'});
    }
    if (pdu.system_id !== SYSTEM_ID || pdu.password !== PASSWORD) {
        info.bind_status = ST.RINVPASWD;
        return respond(s, pdu, ST.RINVPASWD, null, {reason: 'wrong system_id or password'});
    }
    const unbindNow = armed.unbindAfterBind;
    armed.unbindAfterBind = false;
    s.bind = type;
    s.bound = true;
    s.boundAt = now();
    Object.assign(info, {bind: type, system_id: pdu.system_id, bound_at: s.boundAt, bind_status: 0});
    respond(s, pdu, ST.OK, {system_id: 'nodesmpp-peer', sc_interface_version: 0x34});
    if (unbindNow) {
        serverUnbind(s, 'unbind_after_bind');
    } else if (type !== 'transmitter' && state.queue.length) {
        setTimeout(() => flush(s), armed.flushDelayMs);
    }
    return undefined;
}

function serverUnbind(s, why) {
    if (!s.bound) {
        return false;
    }
    s.bound = false;
    s.unbinding = why;
    sessionInfo(s).unbound_by = 'server:' + why;
    writePdu(s, new PDU('unbind', {}), {reason: why});
    s.unbindTimer = setTimeout(() => s.session.destroy(), 2000); // no unbind_resp: drop it
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// submit_sm
function takeFault() {
    const f = armed.faults[0];
    if (!f) {
        return null;
    }
    if (--f.count <= 0) {
        armed.faults.shift();
    }
    return f;
}

function validTime(v) {
    if (!v) {
        return true;
    }
    const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d)(\d\d)([-+R])$/.exec(v);
    if (!m) {
        return false;
    }
    if (m[9] === 'R') {
        return m[7] === '0' && m[8] === '00'; // relative: YYMMDDhhmmss000R
    }
    const [mo, d, h, mi, sec, nn] = [m[2], m[3], m[4], m[5], m[6], m[8]].map(Number);
    return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59 && nn <= 48;
}

/** The air interface's 140 octets: how much body fits beside a UDH of udhOctets (0 = none). */
function maxBody(alpha, udhOctets) {
    if (alpha === 'gsm') {
        return 160 - Math.ceil((udhOctets * 8) / 7);
    }
    return 140 - udhOctets;
}

/** Reads one submit_sm's text part: {body, concat, udhOctets, payload} or {status, reason}. */
function readPart(pdu) {
    const sm = Buffer.isBuffer(pdu.short_message) ? pdu.short_message : Buffer.alloc(0);
    const payload = Buffer.isBuffer(pdu.message_payload) ? pdu.message_payload : null;
    const udhi = (pdu.esm_class & 0x40) !== 0;
    let body = payload && payload.length ? payload : sm;
    const flags = {};
    if (payload && payload.length && sm.length) {
        flags.both_short_message_and_payload = true;
    }
    let concat = null;
    let udhOctets = 0;
    if (udhi) {
        if (!body.length || body[0] + 1 > body.length) {
            return {status: ST.RINVMSGLEN, reason: 'UDHI set but the UDH does not fit the message'};
        }
        const udhl = body[0];
        for (let i = 1; i + 1 < udhl + 1;) {
            const iei = body[i];
            const len = body[i + 1];
            const v = body.slice(i + 2, i + 2 + len);
            if (iei === 0x00 && len === 3) {
                concat = {scheme: 'udh8', ref: v[0], total: v[1], seq: v[2]};
            } else if (iei === 0x08 && len === 4) {
                concat = {scheme: 'udh16', ref: v.readUInt16BE(0), total: v[2], seq: v[3]};
            }
            i += 2 + len;
        }
        udhOctets = udhl + 1;
        body = body.slice(udhOctets);
    } else if (pdu.sar_msg_ref_num !== undefined && pdu.sar_total_segments !== undefined
        && pdu.sar_segment_seqnum !== undefined) {
        concat = {scheme: 'sar', ref: pdu.sar_msg_ref_num, total: pdu.sar_total_segments, seq: pdu.sar_segment_seqnum};
    }
    const viaPayload = !!(payload && payload.length);
    return {body, concat, udhOctets, viaPayload, flags};
}

function validateSubmit(pdu, part) {
    const src = pdu.source_addr || '';
    const numeric = /^\+?[0-9]+$/.test(src);
    if (src && !numeric && pdu.source_addr_ton !== 5) {
        return {status: ST.RINVSRCTON, reason: 'alphanumeric source "' + src + '" with TON ' + pdu.source_addr_ton + ' (needs 5)'};
    }
    if (numeric && src.replace('+', '').length <= 8 && pdu.source_addr_ton === 1) {
        return {status: ST.RINVSRCTON, reason: 'short code "' + src + '" with TON 1 (international)'};
    }
    if (!/^\+?[0-9]{1,20}$/.test(pdu.destination_addr || '')) {
        return {status: ST.RINVDSTADR, reason: 'destination "' + pdu.destination_addr + '" is not a number'};
    }
    if (!validTime(pdu.validity_period)) {
        return {status: ST.RINVEXPIRY, reason: 'validity_period "' + pdu.validity_period + '" is not SMPP 3.4 time'};
    }
    if (!validTime(pdu.schedule_delivery_time)) {
        return {status: ST.RINVSCHED, reason: 'schedule_delivery_time "' + pdu.schedule_delivery_time + '" is not SMPP 3.4 time'};
    }
    if (part.viaPayload) {
        return null; // up to 64K octets; node-smpp caps a PDU at 16384
    }
    const alpha = alphabet(pdu.data_coding);
    const unit = alpha === 'gsm' ? 'septets' : 'octets';
    let limit;
    if (part.udhOctets) {
        limit = maxBody(alpha, part.udhOctets);
    } else if (part.concat) {
        limit = maxBody(alpha, 6); // SAR: the SMSC adds a 6-octet UDH on the air
    } else {
        limit = maxBody(alpha, 0);
    }
    if (part.body.length > limit) {
        return {status: ST.RINVMSGLEN, reason: 'body of ' + part.body.length + ' ' + unit + ' over ' + limit
            + (part.udhOctets ? ' beside a ' + part.udhOctets + '-octet UDH' : part.concat ? ' for a SAR segment' : '')};
    }
    return null;
}

function onSubmit(s, pdu, entry) {
    if (!s.bound || s.bind === 'receiver') {
        return respond(s, pdu, ST.RINVBNDSTS, null, {reason: s.bound ? 'submit_sm on a receiver session' : 'not bound'});
    }
    const fault = takeFault();
    if (fault) {
        entry.fault = fault.name;
        if (fault.name === 'drop') {
            log('drop session', s.id);
            s.session.destroy();
            return undefined;
        }
        if (fault.name === 'no_answer') {
            return undefined;
        }
        return respond(s, pdu, fault.status, null, {reason: 'armed fault ' + fault.name});
    }
    const part = readPart(pdu);
    const refusal = part.status ? part : validateSubmit(pdu, part);
    if (refusal) {
        entry.refused = refusal.reason;
        return respond(s, pdu, refusal.status, null, {reason: refusal.reason});
    }
    const id = nextId();
    entry.message_id = id;
    const p = {
        id, seq: part.concat ? part.concat.seq : 1, body: part.body, data_coding: pdu.data_coding,
        to: pdu.destination_addr, from: pdu.source_addr, source_ton: pdu.source_addr_ton, source_npi: pdu.source_addr_npi,
        dest_ton: pdu.dest_addr_ton, dest_npi: pdu.dest_addr_npi, submitted_at: new Date(),
        state: STATES.ENROUTE, session: s.id, message: null,
    };
    state.parts.set(id, p);
    collect(s, pdu, part, p);
    const rbr = armed.receiptBeforeResp;
    if (rbr) {
        armed.receiptBeforeResp = null;
        const r = s.bind === 'transceiver' ? s : pickReceiver(null);
        if (r) {
            const d = deliverTo(r, receiptJob(p, rbr.form || 'text', rbr.stat, rbr.err, rbr.idAs, false));
            if (d) {
                d.before_submit_resp = true;
            }
            setTimeout(() => respond(s, pdu, ST.OK, {message_id: id}, {message_id: id}), rbr.delayMs === undefined ? 100 : rbr.delayMs);
            return undefined;
        }
        entry.note = 'receiptBeforeResp armed but no receiver-capable session bound';
    }
    return respond(s, pdu, ST.OK, {message_id: id}, {message_id: id});
}

/** Files a part under its concatenation and records the whole message once every part is in. */
function collect(s, pdu, part, p) {
    const common = {
        to: pdu.destination_addr, from: pdu.source_addr, source_ton: pdu.source_addr_ton,
        source_npi: pdu.source_addr_npi, dest_ton: pdu.dest_addr_ton, dest_npi: pdu.dest_addr_npi,
        validity_period: pdu.validity_period || '', schedule_delivery_time: pdu.schedule_delivery_time || '',
        priority_flag: pdu.priority_flag, registered_delivery: pdu.registered_delivery, esm_class: pdu.esm_class,
    };
    if (!part.concat || part.concat.total <= 1) {
        return finish([p], part.viaPayload ? 'payload' : 'single', null, common, s, part.flags);
    }
    const c = part.concat;
    const key = [c.scheme, pdu.source_addr, pdu.destination_addr, c.ref, c.total].join('|');
    let group = state.pending.get(key);
    if (!group) {
        group = {key, scheme: c.scheme, ref: c.ref, total: c.total, parts: new Map(), duplicates: 0, flags: {}};
        state.pending.set(key, group);
    }
    if (group.parts.has(c.seq)) {
        group.duplicates++;
    }
    group.parts.set(c.seq, p);
    Object.assign(group.flags, part.flags);
    if (c.seq < 1 || c.seq > c.total) {
        group.flags.seq_out_of_range = true;
    }
    let complete = true;
    for (let i = 1; i <= c.total; i++) {
        complete = complete && group.parts.has(i);
    }
    if (complete) {
        state.pending.delete(key);
        const parts = [];
        for (let i = 1; i <= c.total; i++) {
            parts.push(group.parts.get(i));
        }
        const flags = Object.assign({}, group.flags, group.duplicates ? {duplicate_parts: group.duplicates} : {});
        finish(parts, c.scheme, c.ref, common, s, flags);
    }
    return undefined;
}

function finish(parts, mode, ref, common, s, flags) {
    const dc = parts[0].data_coding;
    const alpha = alphabet(dc);
    const whole = Buffer.concat(parts.map((p) => p.body));
    const m = Object.assign({n: state.messages.length, ids: parts.map((p) => p.id)}, common, {
        text: decodeBody(whole, dc), data_coding: dc, mode, parts: parts.length, ref, session: s.id, bind: s.bind,
        split_escape: false, split_surrogate: false,
    }, flags || {});
    if (parts.some((p) => p.data_coding !== dc)) {
        m.data_codings = parts.map((p) => p.data_coding);
    }
    if (alpha === 'binary') {
        m.hex = whole.toString('hex');
    }
    parts.forEach((p, i) => {
        const last = i === parts.length - 1;
        if (alpha === 'gsm') {
            const d = gsmDecode(p.body);
            m.split_escape = m.split_escape || (d.danglingEscape && !last);
            if (d.invalidOctets) {
                m.invalid_gsm_octets = (m.invalid_gsm_octets || 0) + d.invalidOctets;
            }
            if (d.unknownEscapes) {
                m.unknown_escapes = (m.unknown_escapes || 0) + d.unknownEscapes;
            }
        } else if (alpha === 'ucs2') {
            const d = ucs2Decode(p.body);
            m.split_surrogate = m.split_surrogate || (d.endsInHighSurrogate && !last) || (d.oddLength && !last);
            if (d.oddLength) {
                m.odd_ucs2_length = true;
            }
        }
        p.message = m;
    });
    state.messages.push(m);
    log('message', m.ids.join(','), mode, JSON.stringify(m.text));
    return m;
}

function onQuery(s, pdu) {
    if (!s.bound || s.bind === 'receiver') {
        return respond(s, pdu, ST.RINVBNDSTS);
    }
    if (armed.querySm === 'unsupported') {
        return genericNack(s, pdu, ST.RINVCMDID, {reason: 'querySm=unsupported'});
    }
    const p = state.parts.get(pdu.message_id);
    if (armed.querySm === 'fail' || !p) {
        return respond(s, pdu, ST.RQUERYFAIL, null, {reason: p ? 'querySm=fail' : 'unknown message_id'});
    }
    return respond(s, pdu, ST.OK, {message_id: p.id, final_date: '', message_state: p.state, error_code: 0},
        {message_state: p.state});
}

// ---------------------------------------------------------------------------------------------------------------
// deliver_sm: receipts and inbound texts
function pickReceiver(sessionId) {
    if (sessionId !== undefined && sessionId !== null) {
        const s = live.get(Number(sessionId));
        return s && s.bound && s.bind !== 'transmitter' ? s : null;
    }
    let best = null;
    for (const s of live.values()) {
        if (s.bound && s.bind !== 'transmitter' && (!best || s.boundAt >= best.boundAt)) {
            best = s;
        }
    }
    return best;
}

function yymmddhhmm(d) {
    const p = (n) => String(n).padStart(2, '0');
    return p(d.getUTCFullYear() % 100) + p(d.getUTCMonth() + 1) + p(d.getUTCDate()) + p(d.getUTCHours()) + p(d.getUTCMinutes());
}

function receiptText(p, id, stat, err) {
    const preview = (p.message && p.message.text ? p.message.text : '').replace(/[^A-Za-z0-9 ]/g, '').slice(0, 20);
    return 'id:' + id + ' sub:001 dlvrd:' + (stat === 'DELIVRD' ? '001' : '000') + ' submit date:'
        + yymmddhhmm(p.submitted_at) + ' done date:' + yymmddhhmm(new Date()) + ' stat:' + stat + ' err:' + err
        + ' Text:' + preview;
}

function receiptJob(p, form, stat, err, idAs, queueMode) {
    form = form || 'text';
    if (!RECEIPT_FORMS.includes(form)) {
        throw new Error('form must be one of ' + RECEIPT_FORMS.join(', '));
    }
    stat = stat || (form === 'intermediate' ? 'ENROUTE' : 'DELIVRD');
    if (!(stat in STATES)) {
        throw new Error('stat must be one of ' + Object.keys(STATES).join(', '));
    }
    err = err || (stat === 'DELIVRD' || stat === 'ENROUTE' ? '000' : '001');
    let id = p.id;
    if (idAs === 'decimal' && /^[0-9A-Fa-f]+$/.test(id)) {
        id = BigInt('0x' + id).toString(10);
    } else if (idAs === 'hex' && /^[0-9]+$/.test(id)) {
        id = BigInt(id).toString(16);
    }
    return {kind: 'receipt', form, stat, err, partId: p.id, writtenId: id, queueMode: !!queueMode};
}

function buildReceipt(job) {
    const p = state.parts.get(job.partId);
    const text = receiptText(p, job.writtenId, job.stat, job.err);
    const fields = {
        service_type: '', source_addr_ton: 1, source_addr_npi: 1, source_addr: p.to,
        dest_addr_ton: p.source_ton, dest_addr_npi: p.source_npi, destination_addr: p.from,
        esm_class: 0x04, protocol_id: 0, priority_flag: 0, schedule_delivery_time: '', validity_period: '',
        registered_delivery: 0, replace_if_present_flag: 0, data_coding: 0, sm_default_msg_id: 0,
        short_message: Buffer.alloc(0),
    };
    let tail = null;
    switch (job.form) {
        case 'text':
            fields.short_message = gsmEncode(text);
            break;
        case 'tlv':
            fields.receipted_message_id = job.writtenId;
            fields.message_state = STATES[job.stat];
            break;
        case 'tlv-no-nul': {
            fields.message_state = STATES[job.stat];
            const idBytes = Buffer.from(job.writtenId, 'ascii');
            tail = Buffer.alloc(4 + idBytes.length);
            tail.writeUInt16BE(0x001E, 0);
            tail.writeUInt16BE(idBytes.length, 2);
            idBytes.copy(tail, 4);
            break;
        }
        case 'payload':
            fields.message_payload = gsmEncode(text);
            break;
        case 'ucs2':
            fields.data_coding = 8;
            fields.short_message = ucs2Encode(text);
            break;
        case 'intermediate':
            fields.esm_class = 0x20;
            fields.short_message = gsmEncode(text);
            fields.receipted_message_id = job.writtenId;
            fields.message_state = STATES[job.stat];
            break;
        default:
            throw new Error('unknown form ' + job.form);
    }
    return {pdu: new PDU('deliver_sm', fields), tail, text};
}

function buildMo(job) {
    const fields = {
        service_type: '', source_addr_ton: job.fromTon, source_addr_npi: job.fromNpi, source_addr: job.from,
        dest_addr_ton: job.toTon, dest_addr_npi: job.toNpi, destination_addr: job.to,
        esm_class: job.udh ? 0x40 : 0x00, protocol_id: 0, priority_flag: 0, schedule_delivery_time: '',
        validity_period: '', registered_delivery: 0, replace_if_present_flag: 0, data_coding: job.dataCoding,
        sm_default_msg_id: 0, short_message: Buffer.alloc(0),
    };
    const body = Buffer.from(job.body, 'hex');
    if (job.payload) {
        fields.message_payload = body;
    } else {
        fields.short_message = job.udh ? Buffer.concat([Buffer.from(job.udh, 'hex'), body]) : body;
    }
    if (job.sar) {
        fields.sar_msg_ref_num = job.sar.ref;
        fields.sar_total_segments = job.sar.total;
        fields.sar_segment_seqnum = job.sar.seq;
    }
    return {pdu: new PDU('deliver_sm', fields), tail: null};
}

/** Writes one deliver_sm to a receiver-capable session and files it in the record. */
function deliverTo(s, job) {
    const built = job.kind === 'receipt' ? buildReceipt(job) : buildMo(job);
    const extra = {deliver: state.delivers.length, kind: job.kind, form: job.form};
    const sent = built.tail ? writeRaw(s, built.pdu, built.tail, extra) : writePdu(s, built.pdu, extra);
    if (!sent) {
        return null;
    }
    const d = {
        n: state.delivers.length, session: s.id, bind: s.bind, sequence_number: built.pdu.sequence_number,
        kind: job.kind, form: job.form, sent_at: now(), resp_status: null, resp_at: null, requeued: false, lost: false,
        queue_mode: job.queueMode,
    };
    if (job.kind === 'receipt') {
        Object.assign(d, {message_id: job.partId, written_id: job.writtenId, stat: job.stat, text: built.text});
        const p = state.parts.get(job.partId);
        const st = STATES[job.stat];
        if (!FINAL_STATES.has(p.state) || FINAL_STATES.has(st)) {
            p.state = FINAL_STATES.has(p.state) ? p.state : st;
        }
    } else {
        Object.assign(d, {mo: job.mo});
    }
    Object.defineProperty(d, 'job', {value: job, enumerable: false});
    state.delivers.push(d);
    return d;
}

function onDeliverResp(s, pdu) {
    const d = state.delivers.find((x) => x.session === s.id && x.sequence_number === pdu.sequence_number
        && x.resp_status === null);
    if (!d) {
        return;
    }
    d.resp_status = pdu.command_status;
    d.resp_command = pdu.command;
    d.resp_at = now();
    if (pdu.command_status !== 0 && d.job.queueMode) {
        d.requeued = true;
        state.queue.push(d.job);
    }
}

function dispatch(jobs, opts) {
    const queueMode = opts.queue !== undefined ? !!opts.queue : armed.queueReceipts;
    jobs.forEach((j) => {
        j.queueMode = queueMode;
    });
    const s = pickReceiver(opts.session);
    if (!s && !queueMode) {
        return {code: 409, body: {error: 'no receiver-capable session is bound (send queue:true to queue)'}};
    }
    const delivers = [];
    let queued = 0;
    for (const j of jobs) {
        const d = s ? deliverTo(s, j) : null;
        if (d) {
            delivers.push(d.n);
        } else if (queueMode) {
            state.queue.push(j);
            queued++;
        }
    }
    return {code: 200, body: {delivers, queued, session: s ? s.id : null}};
}

function flush(s) {
    if (!s.bound || s.bind === 'transmitter') {
        return [];
    }
    const jobs = state.queue.splice(0, state.queue.length);
    const sent = [];
    for (const j of jobs) {
        const d = s.bound ? deliverTo(s, j) : null;
        if (d) {
            sent.push(d.n);
        } else {
            state.queue.push(j);
        }
    }
    return sent;
}

// ---------------------------------------------------------------------------------------------------------------
// MO: split a text into deliver_sm parts
function splitUnits(units, size) {
    const parts = [];
    let cur = [];
    let len = 0;
    for (const u of units) {
        if (len + u.length > size && cur.length) {
            parts.push(cur);
            cur = [];
            len = 0;
        }
        cur.push(u);
        len += u.length;
    }
    if (cur.length) {
        parts.push(cur);
    }
    return parts;
}

let moRef = 0;

function moJobs(b) {
    const text = b.text;
    if (typeof text !== 'string' || !text.length) {
        throw new Error('text is required');
    }
    const form = b.form || 'single';
    if (!MO_FORMS.includes(form)) {
        throw new Error('form must be one of ' + MO_FORMS.join(', '));
    }
    const encoding = b.encoding || (gsmUnits(text) ? 'gsm' : 'ucs2');
    let units;
    if (encoding === 'gsm') {
        units = gsmUnits(text);
        if (!units) {
            throw new Error('text is not GSM 03.38; send encoding "ucs2"');
        }
    } else if (encoding === 'ucs2') {
        units = [];
        for (const ch of text) {
            const cu = [];
            for (let i = 0; i < ch.length; i++) {
                cu.push(ch.charCodeAt(i) >> 8, ch.charCodeAt(i) & 0xFF);
            }
            units.push(cu);
        }
    } else {
        throw new Error('encoding must be gsm or ucs2');
    }
    const gsm = encoding === 'gsm';
    const from = String(b.from || '380671234568');
    const to = String(b.to || '380501234567');
    const addr = (a) => (/^[0-9]+$/.test(a) ? (a.length <= 8 ? [0, 1] : [1, 1]) : [5, 0]);
    const [fromTon, fromNpi] = addr(from);
    const [toTon, toNpi] = addr(to);
    const base = {kind: 'mo', form, from, to, fromTon, fromNpi, toTon, toNpi, dataCoding: gsm ? 0 : 8};
    const whole = Buffer.from(units.flat());
    if (form === 'payload') {
        return [Object.assign({}, base, {payload: true, body: whole.toString('hex'), mo: {part: 1, total: 1, text}})];
    }
    if (form === 'single') {
        if (whole.length > (gsm ? 160 : 140)) {
            throw new Error('a single deliver_sm holds 160 septets or 70 UCS-2 characters');
        }
        return [Object.assign({}, base, {body: whole.toString('hex'), mo: {part: 1, total: 1, text}})];
    }
    const defaultSize = {udh8: gsm ? 153 : 134, udh16: gsm ? 152 : 132, sar: gsm ? 153 : 134}[form];
    const size = b.partSize ? (gsm ? Number(b.partSize) : Number(b.partSize) * 2) : defaultSize;
    const chunks = splitUnits(units, size);
    if (chunks.length < 2) {
        throw new Error('the text fits one part; give a longer text or a smaller partSize');
    }
    if (chunks.length > 255) {
        throw new Error('more than 255 parts');
    }
    const ref = b.ref !== undefined ? Number(b.ref) : (form === 'udh16' ? 0x1200 : 0) + (++moRef % 250) + 1;
    const total = chunks.length;
    let jobs = chunks.map((c, i) => {
        const seq = i + 1;
        const body = Buffer.from(c.flat()).toString('hex');
        const job = Object.assign({}, base, {body, mo: {ref, part: seq, total, text}});
        if (form === 'udh8') {
            job.udh = Buffer.from([0x05, 0x00, 0x03, ref & 0xFF, total, seq]).toString('hex');
        } else if (form === 'udh16') {
            job.udh = Buffer.from([0x06, 0x08, 0x04, (ref >> 8) & 0xFF, ref & 0xFF, total, seq]).toString('hex');
        } else {
            job.sar = {ref: ref & 0xFFFF, total, seq};
        }
        return job;
    });
    if (b.order === 'reverse') {
        jobs = jobs.reverse();
    }
    return jobs;
}

// ---------------------------------------------------------------------------------------------------------------
// control
function snapshot() {
    return {
        smppPort: server.address().port,
        controlPort: control.address().port,
        node_smpp: loaded.version,
        settings: {
            idStyle: armed.idStyle, queueReceipts: armed.queueReceipts, querySm: armed.querySm,
            flushDelayMs: armed.flushDelayMs, unbindCloseDelayMs: armed.unbindCloseDelayMs,
        },
        armed: {
            faults: armed.faults.map((f) => ({name: f.name, status: f.status, count: f.count})),
            receiptBeforeResp: armed.receiptBeforeResp, unbindAfterBind: armed.unbindAfterBind, bindStatus: armed.bindStatus,
        },
        bound: [...live.values()].filter((s) => s.bound).map((s) => ({session: s.id, bind: s.bind})),
        sessions: state.sessions,
        pdus: state.pdus,
        delivers: state.delivers,
        messages: state.messages,
        incomplete: [...state.pending.values()].map((g) => ({
            scheme: g.scheme, ref: g.ref, total: g.total, have: [...g.parts.keys()], ids: [...g.parts.values()].map((p) => p.id),
        })),
        queue: state.queue.map((j) => ({kind: j.kind, form: j.form, message_id: j.partId, mo: j.mo})),
        errors: state.errors,
    };
}

function arm(b) {
    if (b.fault !== undefined || b.status !== undefined) {
        const count = b.count === undefined ? 1 : Number(b.count);
        if (b.fault !== undefined) {
            if (!(b.fault in FAULTS)) {
                throw new Error('fault must be one of ' + Object.keys(FAULTS).join(', '));
            }
            const v = FAULTS[b.fault];
            armed.faults.push({name: b.fault, status: typeof v === 'number' ? v : null, count});
        } else {
            armed.faults.push({name: 'status', status: Number(b.status), count});
        }
    }
    if (b.idStyle !== undefined) {
        if (!ID_STYLES.includes(b.idStyle)) {
            throw new Error('idStyle must be one of ' + ID_STYLES.join(', '));
        }
        armed.idStyle = b.idStyle;
        mixedTwin = null;
    }
    if (b.queueReceipts !== undefined) {
        armed.queueReceipts = !!b.queueReceipts;
    }
    if (b.querySm !== undefined) {
        if (!['answer', 'unsupported', 'fail'].includes(b.querySm)) {
            throw new Error('querySm must be answer, unsupported or fail');
        }
        armed.querySm = b.querySm;
    }
    if (b.flushDelayMs !== undefined) {
        armed.flushDelayMs = Number(b.flushDelayMs);
    }
    if (b.unbindCloseDelayMs !== undefined) {
        armed.unbindCloseDelayMs = Number(b.unbindCloseDelayMs);
    }
    if (b.receiptBeforeResp !== undefined) {
        const r = b.receiptBeforeResp === true ? {} : b.receiptBeforeResp;
        if (r && r.form && !RECEIPT_FORMS.includes(r.form)) {
            throw new Error('receiptBeforeResp.form must be one of ' + RECEIPT_FORMS.join(', '));
        }
        armed.receiptBeforeResp = r || null;
    }
    if (b.unbindAfterBind !== undefined) {
        armed.unbindAfterBind = !!b.unbindAfterBind;
    }
    if (b.bindStatus !== undefined) {
        armed.bindStatus = b.bindStatus ? Number(b.bindStatus) : null;
    }
}

function receipt(b) {
    const p = state.parts.get(String(b.id));
    if (!p) {
        return {code: 404, body: {error: 'no submitted part has id ' + JSON.stringify(b.id)}};
    }
    const ids = b.onlyPart || !p.message ? [p.id] : p.message.ids;
    const jobs = ids.map((id) => receiptJob(state.parts.get(id), b.form, b.stat, b.err, b.idAs, false));
    return dispatch(jobs, b);
}

function unbind(b) {
    const targets = b.session !== undefined ? [live.get(Number(b.session))].filter(Boolean) : [...live.values()];
    return {code: 200, body: {unbound: targets.filter((s) => serverUnbind(s, 'unbind_all')).map((s) => s.id)}};
}

function reset() {
    for (const s of [...live.values()]) {
        s.session.destroy();
    }
    state = freshState();
    armed = freshArmed();
    mixedTwin = null;
}

function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
                resolve(text.trim() ? JSON.parse(text) : {});
            } catch (e) {
                reject(new Error('body is not JSON: ' + e.message));
            }
        });
        req.on('error', reject);
    });
}

const control = http.createServer(async (req, res) => {
    const send = (code, body) => {
        const text = JSON.stringify(body);
        res.writeHead(code, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)});
        res.end(text);
    };
    try {
        const url = req.url.split('?')[0];
        if (req.method === 'GET' && url === '/record') {
            return send(200, snapshot());
        }
        if (req.method !== 'POST') {
            return send(404, {error: 'no such endpoint: ' + req.method + ' ' + url});
        }
        const b = await readBody(req);
        switch (url) {
            case '/arm':
                arm(b);
                return send(200, snapshot().armed);
            case '/receipt': {
                const r = receipt(b);
                return send(r.code, r.body);
            }
            case '/mo': {
                const r = dispatch(moJobs(b), b);
                return send(r.code, r.body);
            }
            case '/unbind': {
                const r = unbind(b);
                return send(r.code, r.body);
            }
            case '/flush': {
                const s = pickReceiver(b.session);
                return send(200, {delivers: s ? flush(s) : [], session: s ? s.id : null, queued: state.queue.length});
            }
            case '/reset':
                reset();
                return send(200, {reset: true});
            default:
                return send(404, {error: 'no such endpoint: POST ' + url});
        }
    } catch (e) {
        return send(400, {error: e.message});
    }
});

// ---------------------------------------------------------------------------------------------------------------
// start and stop
let stopping = false;

function stop(why) {
    if (stopping) {
        return;
    }
    stopping = true;
    log('stopping:', why);
    for (const s of live.values()) {
        s.session.destroy();
    }
    server.close();
    control.close();
    setTimeout(() => process.exit(0), 50).unref();
}

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.stdin.on('end', () => stop('stdin closed'));
process.stdin.on('close', () => stop('stdin closed'));
process.stdin.on('error', () => stop('stdin error'));
process.stdin.resume();
process.on('uncaughtException', (e) => error('uncaught', e));

server.on('error', (e) => {
    process.stderr.write('smpp-peer: SMPP server: ' + e.message + '\n');
    process.exit(1);
});
control.on('error', (e) => {
    process.stderr.write('smpp-peer: control server: ' + e.message + '\n');
    process.exit(1);
});
server.listen(0, '127.0.0.1', () => {
    control.listen(0, '127.0.0.1', () => {
        process.stdout.write(JSON.stringify({smppPort: server.address().port, controlPort: control.address().port}) + '\n');
    });
});
