#!/usr/bin/env node
/*
 * Proves smpp-peer.js standalone, with node-smpp's own client side: every control command, every refusal and fault,
 * every receipt form (read from the raw bytes, not through node-smpp's TLV reader), MO in every form, the queue,
 * unbinds, query_sm and the record. Prints one line per check and "N passed, N failed"; exits non-zero on failure.
 *
 *   NODE_PATH=DIR/node_modules node selfcheck.js      (or TEST_SMPP_PEER_NODE_MODULES=DIR/node_modules)
 */
'use strict';

const {spawn} = require('child_process');
const http = require('http');
const path = require('path');
const assert = require('assert');

const MODULES = process.env.TEST_SMPP_PEER_NODE_MODULES || (process.env.NODE_PATH || '').split(path.delimiter)[0];
let smpp;
try {
    smpp = require('smpp');
} catch (e) {
    if (!MODULES) {
        console.error('selfcheck: set NODE_PATH or TEST_SMPP_PEER_NODE_MODULES to a node_modules with smpp@0.5.1');
        process.exit(2);
    }
    smpp = require(path.join(path.resolve(MODULES), 'smpp'));
}
const originalFromBuffer = smpp.PDU.prototype.fromBuffer;
smpp.PDU.prototype.fromBuffer = function (buffer) {
    Object.defineProperty(this, 'raw', {value: Buffer.from(buffer), enumerable: false});
    return originalFromBuffer.call(this, buffer);
};

const PEER = path.join(__dirname, 'smpp-peer.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// the peer process and its control port
function startPeer() {
    const nodePath = [MODULES, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
    const child = spawn(process.execPath, [PEER], {
        env: Object.assign({}, process.env, {NODE_PATH: nodePath}), stdio: ['pipe', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error('the peer printed no ports in 10 s')), 10000);
        child.on('exit', (code) => reject(new Error('the peer exited with ' + code + ' before printing its ports')));
        child.stdout.on('data', (d) => {
            out += d;
            const nl = out.indexOf('\n');
            if (nl >= 0) {
                clearTimeout(timer);
                const ports = JSON.parse(out.slice(0, nl));
                child.stdout.on('data', (more) => {
                    throw new Error('the peer printed more than one line on stdout: ' + more);
                });
                resolve({child, smppPort: ports.smppPort, controlPort: ports.controlPort, firstLine: out.slice(0, nl)});
            }
        });
    });
}

let peer;

function call(method, p, body) {
    return new Promise((resolve, reject) => {
        const data = body === undefined ? null : (typeof body === 'string' ? body : JSON.stringify(body));
        const req = http.request({host: '127.0.0.1', port: peer.controlPort, method, path: p,
            headers: data ? {'content-type': 'application/json', 'content-length': Buffer.byteLength(data)} : {}}, (res) => {
            let text = '';
            res.on('data', (c) => {
                text += c;
            });
            res.on('end', () => resolve({status: res.statusCode, body: text ? JSON.parse(text) : null}));
        });
        req.on('error', reject);
        if (data) {
            req.write(data);
        }
        req.end();
    });
}

const post = async (p, body) => {
    const r = await call('POST', p, body || {});
    return r;
};
const ok = async (p, body) => {
    const r = await post(p, body);
    assert.strictEqual(r.status, 200, p + ' answered ' + r.status + ' ' + JSON.stringify(r.body));
    return r.body;
};
const record = async () => (await call('GET', '/record')).body;

async function until(what, fn, ms = 3000) {
    const end = Date.now() + ms;
    for (;;) {
        const v = await fn();
        if (v) {
            return v;
        }
        if (Date.now() > end) {
            throw new Error('timed out waiting for ' + what);
        }
        await sleep(20);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// an ESME on node-smpp's client
class Client {
    constructor(opts = {}) {
        this.deliverStatus = opts.deliverStatus || 0;
        // like jsmpp when its own unbind crosses the server's: answer the server's unbind, then send one too
        this.unbindBack = opts.unbindBack || false;
        this.pdus = [];
        this.session = smpp.connect({host: '127.0.0.1', port: peer.smppPort});
        this.closed = false;
        this.connected = new Promise((resolve, reject) => {
            this.session.on('connect', resolve);
            this.session.once('error', reject);
        });
        this.whenClosed = new Promise((resolve) => this.session.on('close', () => {
            this.closed = true;
            resolve();
        }));
        this.session.on('error', () => {});
        this.session.on('pdu', (pdu) => {
            this.pdus.push(pdu);
            if (pdu.command === 'deliver_sm') {
                this.session.send(pdu.response({command_status: this.deliverStatus}));
            } else if (pdu.command === 'unbind') {
                this.session.send(pdu.response());
                if (this.unbindBack) {
                    this.session.unbind({});
                }
            } else if (pdu.command === 'enquire_link') {
                this.session.send(pdu.response());
            }
        });
    }

    static async bound(type = 'transceiver', opts = {}) {
        const c = new Client(opts);
        await c.connected;
        const r = await c.request('bind_' + type, {system_id: opts.systemId || 'shop', password: opts.password || 'smpp-Pa5'});
        assert.ok(r, 'no bind response');
        assert.strictEqual(r.command_status, opts.expect || 0, 'bind_' + type + ' status');
        return c;
    }

    /** The response, or null when none came within ms. */
    request(command, fields, ms = 2000) {
        return new Promise((resolve) => {
            const timer = setTimeout(() => resolve(null), ms);
            const sent = this.session[command](fields || {}, (resp) => {
                clearTimeout(timer);
                resolve(resp);
            });
            if (!sent) {
                clearTimeout(timer);
                resolve(null);
            }
        });
    }

    async waitFor(what, pred, ms = 3000) {
        return until(what, () => this.pdus.find(pred), ms);
    }

    delivers() {
        return this.pdus.filter((p) => p.command === 'deliver_sm');
    }

    close() {
        this.session.destroy();
        return this.whenClosed;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// independent encoders and a raw deliver_sm reader
const gsm = (text) => smpp.gsmCoder.encode(text, 0); // node-smpp's own GSM 03.38 table, not the peer's
const ucs2 = (text) => Buffer.from(text, 'utf16le').swap16();
const fromUcs2 = (buf) => Buffer.from(buf).swap16().toString('utf16le');

function submitFields(over) {
    return Object.assign({
        source_addr_ton: 5, source_addr_npi: 0, source_addr: 'Shop', dest_addr_ton: 1, dest_addr_npi: 1,
        destination_addr: '380501234567', esm_class: 0, registered_delivery: 1, data_coding: 0,
    }, over);
}

function parseDeliver(raw) {
    let o = 16;
    const cstr = () => {
        const e = raw.indexOf(0, o);
        const s = raw.toString('latin1', o, e);
        o = e + 1;
        return s;
    };
    const f = {};
    f.service_type = cstr();
    f.source_addr_ton = raw[o++];
    f.source_addr_npi = raw[o++];
    f.source_addr = cstr();
    f.dest_addr_ton = raw[o++];
    f.dest_addr_npi = raw[o++];
    f.destination_addr = cstr();
    f.esm_class = raw[o++];
    f.protocol_id = raw[o++];
    f.priority_flag = raw[o++];
    f.schedule_delivery_time = cstr();
    f.validity_period = cstr();
    f.registered_delivery = raw[o++];
    f.replace_if_present_flag = raw[o++];
    f.data_coding = raw[o++];
    f.sm_default_msg_id = raw[o++];
    const len = raw[o++];
    f.short_message = raw.slice(o, o + len);
    o += len;
    f.tlvs = {};
    const total = raw.readUInt32BE(0);
    assert.strictEqual(total, raw.length, 'command_length is the PDU length');
    while (o + 4 <= total) {
        const tag = raw.readUInt16BE(o);
        const l = raw.readUInt16BE(o + 2);
        f.tlvs[tag] = raw.slice(o + 4, o + 4 + l);
        o += 4 + l;
    }
    assert.strictEqual(o, total, 'TLVs end exactly at command_length');
    return f;
}

/** Splits characters into parts of at most size units without cutting a character (GSM escape, surrogate pair). */
function split(text, size, encode) {
    const parts = [];
    let cur = Buffer.alloc(0);
    for (const ch of text) {
        const b = encode(ch);
        if (cur.length + b.length > size) {
            parts.push(cur);
            cur = Buffer.alloc(0);
        }
        cur = Buffer.concat([cur, b]);
    }
    parts.push(cur);
    return parts;
}

async function submitUdh(c, text, {encode, dc, size, sixteen, ref = 7}) {
    const parts = split(text, size, encode);
    const ids = [];
    for (let i = 0; i < parts.length; i++) {
        const udh = sixteen
            ? Buffer.from([6, 0x08, 4, ref >> 8, ref & 0xFF, parts.length, i + 1])
            : Buffer.from([5, 0x00, 3, ref, parts.length, i + 1]);
        const r = await c.request('submit_sm', submitFields({esm_class: 0x40, data_coding: dc,
            short_message: Buffer.concat([udh, parts[i]])}));
        assert.strictEqual(r.command_status, 0, 'part ' + (i + 1) + ' refused');
        ids.push(r.message_id);
    }
    return ids;
}

function lastMessage(rec) {
    return rec.messages[rec.messages.length - 1];
}

// ---------------------------------------------------------------------------------------------------------------
// the checks
const LONG_GSM = 'Order 17 is ready: '.repeat(7) + 'x'.repeat(19) + '€{curly} [square] ~tilde \\back |pipe ^caret and the end.';
const LONG_UCS2 = 'Привіт! Ваше замовлення готове 👋 — до зустрічі в Україні 🇺🇦, дякуємо 😀 що обрали нас. Гарного дня 🌻!';

const checks = [];
const check = (name, fn) => checks.push({name, fn});

check('the peer prints one JSON line with two loopback ports', async () => {
    const line = JSON.parse(peer.firstLine);
    assert.deepStrictEqual(Object.keys(line).sort(), ['controlPort', 'smppPort']);
    assert.ok(line.smppPort > 0 && line.controlPort > 0 && line.smppPort !== line.controlPort);
});

check('binds: transceiver, transmitter, receiver; wrong password 0x0E; a second bind 0x05; enquire_link; unbind', async () => {
    for (const type of ['transceiver', 'transmitter', 'receiver']) {
        const c = await Client.bound(type);
        const el = await c.request('enquire_link');
        assert.strictEqual(el.command_status, 0);
        const again = await c.request('bind_transmitter', {system_id: 'shop', password: 'smpp-Pa5'});
        assert.strictEqual(again.command_status, 0x05);
        const ub = await c.request('unbind');
        assert.strictEqual(ub.command, 'unbind_resp');
        await c.whenClosed;
    }
    const bad = await Client.bound('transceiver', {password: 'wrong', expect: 0x0E});
    const badId = await Client.bound('transmitter', {systemId: 'other', expect: 0x0E});
    await bad.close();
    await badId.close();
    const rec = await record();
    assert.deepStrictEqual(rec.sessions.filter((s) => s.bind).map((s) => s.bind), ['transceiver', 'transmitter', 'receiver']);
    assert.deepStrictEqual(rec.sessions.map((s) => s.bind_status), [0, 0, 0, 0x0E, 0x0E]);
    const resps = rec.pdus.filter((p) => p.dir === 'out' && /^bind_.*_resp$/.test(p.command));
    assert.deepStrictEqual(resps.map((p) => [p.command, p.command_status]), [
        ['bind_transceiver_resp', 0], ['bind_transmitter_resp', 5], ['bind_transmitter_resp', 0],
        ['bind_transmitter_resp', 5], ['bind_receiver_resp', 0], ['bind_transmitter_resp', 5],
        ['bind_transceiver_resp', 0x0E], ['bind_transmitter_resp', 0x0E]]);
    const bindIn = rec.pdus.find((p) => p.dir === 'in' && p.command === 'bind_receiver');
    assert.strictEqual(bindIn.bind, null, 'a bind is recorded before the session has a bind type');
    const unbindIn = rec.pdus.filter((p) => p.dir === 'in' && p.command === 'unbind');
    assert.deepStrictEqual(unbindIn.map((p) => p.bind), ['transceiver', 'transmitter', 'receiver']);
    assert.ok(rec.pdus.every((p) => typeof p.session === 'number' && typeof p.sequence_number === 'number'));
});

check('submit_sm: one GSM text with escapes, recorded whole with addresses, validity and priority', async () => {
    const c = await Client.bound('transceiver');
    const text = 'Hi {you} [1] ~2 €3 \\4 |5 ^6 @£$¥ ÄÖÑÜ';
    const r = await c.request('submit_sm', submitFields({short_message: gsm(text), priority_flag: 1,
        validity_period: Buffer.from('000002000000000R')}));
    assert.strictEqual(r.command_status, 0);
    assert.match(r.message_id, /^[0-9]+$/);
    const m = lastMessage(await record());
    assert.deepStrictEqual([m.ids, m.text, m.mode, m.to, m.from, m.source_ton, m.source_npi, m.data_coding,
        m.validity_period, m.priority_flag, m.split_escape],
        [[r.message_id], text, 'single', '380501234567', 'Shop', 5, 0, 0, '000002000000000R', 1, false]);
    const lat = await c.request('submit_sm', submitFields({data_coding: 3, short_message: Buffer.from('Grüße café', 'latin1'),
        validity_period: Buffer.from('301231235959004+')}));
    assert.strictEqual(lat.command_status, 0);
    const l = lastMessage(await record());
    assert.deepStrictEqual([l.text, l.data_coding, l.validity_period], ['Grüße café', 3, '301231235959004+']);
    await c.close();
});

check('idStyle: decimal, hex-upper-padded (00000F4241), mixed-case twins that differ only in case', async () => {
    const c = await Client.bound('transmitter');
    const ids = {};
    for (const style of ['decimal', 'hex-upper-padded', 'mixed-case']) {
        await ok('/arm', {idStyle: style});
        ids[style] = [];
        for (let i = 0; i < 2; i++) {
            ids[style].push((await c.request('submit_sm', submitFields({short_message: gsm('id ' + i)}))).message_id);
        }
    }
    assert.match(ids.decimal[0], /^[1-9][0-9]*$/);
    assert.strictEqual(Number(ids.decimal[1]), Number(ids.decimal[0]) + 1);
    for (const id of ids['hex-upper-padded']) {
        assert.match(id, /^[0-9A-F]{10}$/);
        assert.ok(id.startsWith('0'), 'padded: ' + id);
    }
    const [a, b] = ids['mixed-case'];
    assert.notStrictEqual(a, b);
    assert.strictEqual(a.toLowerCase(), b.toLowerCase());
    assert.ok(/[a-z]/.test(a) && /[A-Z]/.test(a), 'mixed case: ' + a);
    const rec = await record();
    assert.deepStrictEqual(rec.messages.map((m) => m.ids[0]), [...ids.decimal, ...ids['hex-upper-padded'], ...ids['mixed-case']]);
    await c.close();
});

check('long texts reassembled: UDH 8-bit GSM, UDH 16-bit UCS-2, SAR, message_payload, parts out of order', async () => {
    const c = await Client.bound('transceiver');
    const gsmIds = await submitUdh(c, LONG_GSM, {encode: gsm, dc: 0, size: 153});
    let m = lastMessage(await record());
    assert.deepStrictEqual([m.text, m.mode, m.parts, m.ids, m.data_coding, m.split_escape], [LONG_GSM, 'udh8', gsmIds.length, gsmIds, 0, false]);
    assert.ok(gsmIds.length >= 2);

    const ucsIds = await submitUdh(c, LONG_UCS2, {encode: ucs2, dc: 8, size: 132, sixteen: true, ref: 0x1234});
    m = lastMessage(await record());
    assert.deepStrictEqual([m.text, m.mode, m.ref, m.ids, m.data_coding, m.split_surrogate], [LONG_UCS2, 'udh16', 0x1234, ucsIds, 8, false]);

    const sar = split(LONG_GSM, 153, gsm);
    const sarIds = [];
    for (const i of [...sar.keys()].reverse()) { // last part first
        const r = await c.request('submit_sm', submitFields({short_message: sar[i], sar_msg_ref_num: 300,
            sar_total_segments: sar.length, sar_segment_seqnum: i + 1}));
        assert.strictEqual(r.command_status, 0);
        sarIds[i] = r.message_id;
    }
    m = lastMessage(await record());
    assert.deepStrictEqual([m.text, m.mode, m.ref, m.ids], [LONG_GSM, 'sar', 300, sarIds]);

    const pay = await c.request('submit_sm', submitFields({data_coding: 8, short_message: Buffer.alloc(0), message_payload: ucs2(LONG_UCS2)}));
    assert.strictEqual(pay.command_status, 0);
    m = lastMessage(await record());
    assert.deepStrictEqual([m.text, m.mode, m.ids, m.parts], [LONG_UCS2, 'payload', [pay.message_id], 1]);

    // a client that cuts an escape or a surrogate pair between parts: still reassembled, and flagged
    const cut = gsm('a'.repeat(152) + '€b');
    for (const [i, body] of [cut.slice(0, 153), cut.slice(153)].entries()) {
        await c.request('submit_sm', submitFields({esm_class: 0x40, short_message: Buffer.concat([Buffer.from([5, 0, 3, 9, 2, i + 1]), body])}));
    }
    m = lastMessage(await record());
    assert.deepStrictEqual([m.text, m.split_escape], ['a'.repeat(152) + '€b', true]);
    const pair = ucs2('x'.repeat(66) + '😀y');
    for (const [i, body] of [pair.slice(0, 134), pair.slice(134)].entries()) {
        await c.request('submit_sm', submitFields({esm_class: 0x40, data_coding: 8, short_message: Buffer.concat([Buffer.from([5, 0, 3, 10, 2, i + 1]), body])}));
    }
    m = lastMessage(await record());
    assert.deepStrictEqual([m.text, m.split_surrogate], ['x'.repeat(66) + '😀y', true]);

    // one part missing: not a message, listed as incomplete
    await c.request('submit_sm', submitFields({esm_class: 0x40, short_message: Buffer.concat([Buffer.from([5, 0, 3, 11, 2, 1]), gsm('half')])}));
    const rec = await record();
    assert.strictEqual(rec.incomplete.length, 1);
    assert.deepStrictEqual([rec.incomplete[0].scheme, rec.incomplete[0].have], ['udh8', [1]]);
    await c.close();
});

check('refusals: alpha source TON != 5, short code with TON 1 (0x48); too long UDH parts (0x01); bad validity (0x62); submit on a receiver (0x04); bad destination (0x0B)', async () => {
    const c = await Client.bound('transceiver');
    const st = async (fields) => (await c.request('submit_sm', submitFields(fields))).command_status;
    assert.strictEqual(await st({source_addr: 'Shop', source_addr_ton: 1, source_addr_npi: 1, short_message: gsm('x')}), 0x48);
    assert.strictEqual(await st({source_addr: 'Shop', source_addr_ton: 0, short_message: gsm('x')}), 0x48);
    assert.strictEqual(await st({source_addr: '7575', source_addr_ton: 1, source_addr_npi: 1, short_message: gsm('x')}), 0x48);
    assert.strictEqual(await st({source_addr: '7575', source_addr_ton: 3, source_addr_npi: 0, short_message: gsm('x')}), 0);
    assert.strictEqual(await st({source_addr: '380441234567', source_addr_ton: 1, source_addr_npi: 1, short_message: gsm('x')}), 0);
    const udh = (ref, seq) => Buffer.from([5, 0, 3, ref, 2, seq]);
    assert.strictEqual(await st({esm_class: 0x40, short_message: Buffer.concat([udh(20, 1), gsm('a'.repeat(154))])}), 0x01);
    assert.strictEqual(await st({esm_class: 0x40, short_message: Buffer.concat([udh(21, 1), gsm('a'.repeat(153))])}), 0);
    assert.strictEqual(await st({esm_class: 0x40, data_coding: 8, short_message: Buffer.concat([udh(22, 1), ucs2('я'.repeat(68))])}), 0x01);
    assert.strictEqual(await st({esm_class: 0x40, data_coding: 8, short_message: Buffer.concat([udh(23, 1), ucs2('я'.repeat(67))])}), 0);
    assert.strictEqual(await st({short_message: gsm('a'.repeat(161))}), 0x01);
    assert.strictEqual(await st({data_coding: 8, short_message: ucs2('я'.repeat(71))}), 0x01);
    assert.strictEqual(await st({short_message: gsm('a'.repeat(154)), sar_msg_ref_num: 5, sar_total_segments: 2, sar_segment_seqnum: 1}), 0x01);
    assert.strictEqual(await st({short_message: gsm('x'), validity_period: Buffer.from('garbage')}), 0x62);
    assert.strictEqual(await st({short_message: gsm('x'), validity_period: Buffer.from('991399000000000+')}), 0x62);
    assert.strictEqual(await st({short_message: gsm('x'), validity_period: Buffer.from('000002000000001R')}), 0x62);
    assert.strictEqual(await st({short_message: gsm('x'), destination_addr: 'nobody'}), 0x0B);
    const rx = await Client.bound('receiver');
    assert.strictEqual((await rx.request('submit_sm', submitFields({short_message: gsm('x')}))).command_status, 0x04);
    const rec = await record();
    const refused = rec.pdus.filter((p) => p.dir === 'in' && p.command === 'submit_sm' && p.refused);
    assert.strictEqual(refused.length, 12);
    assert.ok(refused.every((p) => typeof p.refused === 'string'));
    await c.close();
    await rx.close();
});

check('faults for the next submit_sm: throttle 0x58, invalid_dest 0x0B, no_answer (none, session alive), drop (socket closed)', async () => {
    const c = await Client.bound('transmitter');
    const sub = () => c.request('submit_sm', submitFields({short_message: gsm('fault')}), 700);
    await ok('/arm', {fault: 'throttle'});
    assert.strictEqual((await sub()).command_status, 0x58);
    assert.strictEqual((await sub()).command_status, 0, 'a fault is for the next submit only');
    await ok('/arm', {fault: 'invalid_dest'});
    assert.strictEqual((await sub()).command_status, 0x0B);
    await ok('/arm', {fault: 'throttle', count: 2});
    assert.strictEqual((await sub()).command_status, 0x58);
    assert.strictEqual((await sub()).command_status, 0x58);
    await ok('/arm', {status: 0x14});
    assert.strictEqual((await sub()).command_status, 0x14);
    await ok('/arm', {fault: 'no_answer'});
    assert.strictEqual(await sub(), null, 'no_answer answers nothing');
    assert.strictEqual((await c.request('enquire_link')).command_status, 0, 'the session is alive after no_answer');
    assert.strictEqual((await sub()).command_status, 0);
    await ok('/arm', {fault: 'drop'});
    assert.strictEqual(await sub(), null);
    await c.whenClosed;
    const rec = await record();
    const subs = rec.pdus.filter((p) => p.dir === 'in' && p.command === 'submit_sm');
    assert.deepStrictEqual(subs.map((p) => p.fault || null),
        ['throttle', null, 'invalid_dest', 'throttle', 'throttle', 'status', 'no_answer', null, 'drop']);
    const answered = new Set(rec.pdus.filter((p) => p.dir === 'out' && p.command === 'submit_sm_resp').map((p) => p.sequence_number));
    assert.ok(!answered.has(subs[6].sequence_number) && !answered.has(subs[8].sequence_number));
    assert.notStrictEqual(rec.sessions[0].closed_at, null);
    assert.strictEqual(rec.messages.length, 2, 'only the accepted submits are messages');
});

check('receipts in every form, read from the raw deliver_sm bytes', async () => {
    const c = await Client.bound('transceiver');
    const forms = {};
    for (const form of ['text', 'tlv', 'tlv-no-nul', 'payload', 'ucs2', 'intermediate']) {
        const r = await c.request('submit_sm', submitFields({short_message: gsm('Order ' + form)}));
        const id = r.message_id;
        const res = await ok('/receipt', {id, form});
        assert.strictEqual(res.delivers.length, 1);
        const needle = form === 'ucs2' ? ucs2(id) : Buffer.from(id);
        const pdu = await c.waitFor('receipt ' + form, (p) => p.command === 'deliver_sm' && p.raw.includes(needle));
        forms[form] = {id, f: parseDeliver(pdu.raw)};
    }
    const {text, tlv, payload, intermediate} = forms;
    const noNul = forms['tlv-no-nul'];
    const u = forms.ucs2;
    const gsmText = (b) => smpp.gsmCoder.decode(b, 0);
    assert.strictEqual(text.f.esm_class, 0x04);
    assert.strictEqual(text.f.data_coding, 0);
    assert.match(gsmText(text.f.short_message), new RegExp('^id:' + text.id + ' sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 Text:Order text$'));
    assert.deepStrictEqual(Object.keys(text.f.tlvs), []);
    assert.deepStrictEqual([text.f.source_addr, text.f.destination_addr, text.f.dest_addr_ton], ['380501234567', 'Shop', 5]);

    assert.strictEqual(tlv.f.short_message.length, 0);
    assert.deepStrictEqual(tlv.f.tlvs[0x001E], Buffer.from(tlv.id + '\0', 'ascii'), 'node-smpp writes the NUL');
    assert.deepStrictEqual(tlv.f.tlvs[0x0427], Buffer.from([2]));

    assert.strictEqual(noNul.f.short_message.length, 0);
    assert.deepStrictEqual(noNul.f.tlvs[0x001E], Buffer.from(noNul.id, 'ascii'), 'receipted_message_id without its NUL');
    assert.deepStrictEqual(noNul.f.tlvs[0x0427], Buffer.from([2]));

    assert.strictEqual(payload.f.short_message.length, 0);
    assert.match(gsmText(payload.f.tlvs[0x0424]), new RegExp('^id:' + payload.id + ' .* stat:DELIVRD err:000 '));

    assert.strictEqual(u.f.data_coding, 8);
    assert.match(fromUcs2(u.f.short_message), new RegExp('^id:' + u.id + ' .* stat:DELIVRD '));
    assert.deepStrictEqual(Object.keys(u.f.tlvs), []);

    assert.strictEqual(intermediate.f.esm_class, 0x20);
    assert.match(gsmText(intermediate.f.short_message), / stat:ENROUTE err:000 /);
    assert.deepStrictEqual(intermediate.f.tlvs[0x0427], Buffer.from([1]));

    // one receipt per part of a long message; idAs writes the id in the other base
    await ok('/arm', {idStyle: 'hex-upper-padded'});
    const ids = await submitUdh(c, LONG_GSM, {encode: gsm, dc: 0, size: 153, ref: 40});
    const before = c.delivers().length;
    const res = await ok('/receipt', {id: ids[1], form: 'tlv', stat: 'UNDELIV'});
    assert.strictEqual(res.delivers.length, ids.length);
    await until('both parts', () => c.delivers().length === before + ids.length);
    const got = c.delivers().slice(before).map((p) => parseDeliver(p.raw).tlvs[0x001E].toString('ascii'));
    assert.deepStrictEqual(got, ids.map((id) => id + '\0'));
    await ok('/receipt', {id: ids[0], form: 'text', onlyPart: true, idAs: 'decimal'});
    const dec = await c.waitFor('decimal receipt', (p) => p.command === 'deliver_sm' && p.raw.includes(Buffer.from('id:' + parseInt(ids[0], 16) + ' ')));
    assert.ok(dec);

    const rec = await record();
    await until('every receipt answered', async () => (await record()).delivers.every((d) => d.resp_status === 0));
    assert.deepStrictEqual(rec.delivers.slice(0, 6).map((d) => [d.kind, d.form, d.stat, d.message_id]),
        ['text', 'tlv', 'tlv-no-nul', 'payload', 'ucs2', 'intermediate'].map((f) => ['receipt', f, f === 'intermediate' ? 'ENROUTE' : 'DELIVRD', forms[f].id]));
    assert.strictEqual((await post('/receipt', {id: 'nope'})).status, 404);
    assert.strictEqual((await post('/receipt', {id: ids[0], form: 'bogus'})).status, 400);
    await c.close();
    await until('the peer saw the close', async () => (await record()).bound.length === 0);
    assert.strictEqual((await post('/receipt', {id: ids[0]})).status, 409, 'no receiver bound and not queued');
});

check('queue: receipts wait for a receiver, a non-zero deliver_sm_resp re-queues them (status recorded), then delivered', async () => {
    await ok('/arm', {queueReceipts: true, flushDelayMs: 0});
    const tx = await Client.bound('transmitter');
    const r = await tx.request('submit_sm', submitFields({short_message: gsm('queued')}));
    const queued = await ok('/receipt', {id: r.message_id});
    assert.deepStrictEqual([queued.queued, queued.delivers], [1, []]);
    await ok('/mo', {text: 'STOP'}); // inbound texts queue the same way
    assert.strictEqual((await record()).queue.length, 2);

    const busy = await Client.bound('transceiver', {deliverStatus: 0x64});
    await until('two answered 0x64', async () => (await record()).delivers.filter((d) => d.resp_status === 0x64).length === 2);
    let rec = await record();
    assert.deepStrictEqual(rec.delivers.map((d) => [d.kind, d.session, d.resp_status, d.requeued]),
        [['receipt', 2, 0x64, true], ['mo', 2, 0x64, true]]);
    assert.strictEqual(rec.queue.length, 2);
    await busy.close();

    const rx = await Client.bound('receiver');
    await until('delivered to the receiver', async () => (await record()).delivers.filter((d) => d.resp_status === 0).length === 2);
    rec = await record();
    assert.deepStrictEqual(rec.delivers.slice(2).map((d) => [d.kind, d.session, d.bind, d.resp_status]),
        [['receipt', 3, 'receiver', 0], ['mo', 3, 'receiver', 0]]);
    assert.strictEqual(rec.queue.length, 0);
    const receipt = parseDeliver(rx.delivers()[0].raw);
    assert.match(smpp.gsmCoder.decode(receipt.short_message, 0), new RegExp('^id:' + r.message_id + ' '));

    // a receiver that closes before answering: the receipt goes back to the queue
    const r2 = await tx.request('submit_sm', submitFields({short_message: gsm('lost')}));
    rx.session.removeAllListeners('pdu');
    rx.session.on('pdu', () => rx.session.destroy());
    await ok('/receipt', {id: r2.message_id});
    await rx.whenClosed;
    await until('requeued after a lost session', async () => (await record()).queue.length === 1);
    const late = await Client.bound('transceiver');
    await late.waitFor('the lost receipt', (p) => p.command === 'deliver_sm');
    const fl = await ok('/flush', {});
    assert.deepStrictEqual(fl.delivers, []);
    await tx.close();
    await late.close();
});

check('receipt before submit_sm_resp: on the transceiver, and on the receiver of a transmitter-receiver pair', async () => {
    const trx = await Client.bound('transceiver');
    await ok('/arm', {receiptBeforeResp: {form: 'tlv'}});
    const r = await trx.request('submit_sm', submitFields({short_message: gsm('fast')}));
    const iDeliver = trx.pdus.findIndex((p) => p.command === 'deliver_sm');
    const iResp = trx.pdus.findIndex((p) => p.command === 'submit_sm_resp');
    assert.ok(iDeliver >= 0 && iDeliver < iResp, 'deliver_sm came before submit_sm_resp');
    assert.deepStrictEqual(parseDeliver(trx.pdus[iDeliver].raw).tlvs[0x001E], Buffer.from(r.message_id + '\0'));
    await trx.close();

    const tx = await Client.bound('transmitter');
    const rx = await Client.bound('receiver');
    await ok('/arm', {receiptBeforeResp: {form: 'text', delayMs: 200}});
    let deliveredAt = null;
    rx.session.on('deliver_sm', () => {
        deliveredAt = deliveredAt || Date.now();
    });
    const r2 = await tx.request('submit_sm', submitFields({short_message: gsm('fast two')}));
    const respAt = Date.now();
    assert.ok(deliveredAt && deliveredAt < respAt, 'the receiver had the receipt before the transmitter had its response');
    assert.match(smpp.gsmCoder.decode(parseDeliver(rx.delivers()[0].raw).short_message, 0), new RegExp('^id:' + r2.message_id + ' '));
    const rec = await record();
    assert.deepStrictEqual(rec.delivers.map((d) => d.before_submit_resp), [true, true]);
    const order = rec.pdus.filter((p) => p.dir === 'out' && (p.command === 'deliver_sm' || p.command === 'submit_sm_resp'));
    assert.deepStrictEqual(order.map((p) => p.command), ['deliver_sm', 'submit_sm_resp', 'deliver_sm', 'submit_sm_resp']);
    await tx.close();
    await rx.close();
});

function reassemble(pdus) {
    const parts = pdus.map((p) => parseDeliver(p.raw)).map((f) => {
        let body = f.tlvs[0x0424] || f.short_message;
        let seq = 1;
        let total = 1;
        if (f.esm_class & 0x40) {
            const udh = body.slice(1, body[0] + 1);
            if (udh[0] === 0x00) {
                [total, seq] = [udh[3], udh[4]];
            } else {
                assert.strictEqual(udh[0], 0x08);
                [total, seq] = [udh[4], udh[5]];
            }
            body = body.slice(body[0] + 1);
        } else if (f.tlvs[0x020C]) {
            [total, seq] = [f.tlvs[0x020E][0], f.tlvs[0x020F][0]];
        }
        return {f, body, seq, total};
    }).sort((a, b) => a.seq - b.seq);
    const whole = Buffer.concat(parts.map((p) => p.body));
    return {parts, text: parts[0].f.data_coding === 8 ? fromUcs2(whole) : smpp.gsmCoder.decode(whole, 0)};
}

check('MO: single, UDH 8-bit, UDH 16-bit, SAR, message_payload; GSM and UCS-2; parts in reverse', async () => {
    const c = await Client.bound('transceiver');
    const cases = [
        {form: 'single', text: 'STOP {now} €', encoding: 'gsm', esm: 0, dc: 0, n: 1},
        {form: 'udh8', text: LONG_GSM, encoding: 'gsm', esm: 0x40, dc: 0, n: 2},
        {form: 'udh8', text: 'split me in three small parts', encoding: 'gsm', partSize: 10, esm: 0x40, dc: 0, n: 3},
        {form: 'udh16', text: LONG_UCS2, encoding: 'ucs2', esm: 0x40, dc: 8, n: 2},
        {form: 'sar', text: LONG_GSM, encoding: 'gsm', esm: 0, dc: 0, n: 2, order: 'reverse'},
        {form: 'sar', text: 'Дякую 🇺🇦 за все 😀 ok', encoding: 'ucs2', partSize: 8, esm: 0, dc: 8, n: 3},
        {form: 'payload', text: LONG_UCS2, encoding: 'ucs2', esm: 0, dc: 8, n: 1},
        {form: 'single', text: 'Привіт 😀', esm: 0, dc: 8, n: 1}, // encoding chosen from the text
    ];
    for (const k of cases) {
        const before = c.delivers().length;
        const res = await ok('/mo', {from: '380671234568', to: '4242', text: k.text, encoding: k.encoding, form: k.form,
            partSize: k.partSize, order: k.order});
        assert.strictEqual(res.delivers.length, k.n, k.form);
        await until(k.form + ' parts', () => c.delivers().length === before + k.n);
        const got = reassemble(c.delivers().slice(before));
        assert.strictEqual(got.text, k.text, k.form + ' ' + k.encoding);
        for (const p of got.parts) {
            assert.deepStrictEqual([p.f.esm_class, p.f.data_coding, p.f.source_addr, p.f.destination_addr, p.total],
                [k.esm, k.dc, '380671234568', '4242', k.n]);
            if (k.form === 'payload') {
                assert.strictEqual(p.f.short_message.length, 0);
            }
            if (k.dc === 8) {
                const b = p.body;
                const last = b.readUInt16BE(b.length - 2);
                assert.ok(!(last >= 0xD800 && last <= 0xDBFF), 'no part ends inside a surrogate pair');
            }
        }
        if (k.order === 'reverse') {
            const seqs = c.delivers().slice(before).map((p) => parseDeliver(p.raw).tlvs[0x020F][0]);
            assert.deepStrictEqual(seqs, [2, 1]);
        }
    }
    assert.strictEqual((await post('/mo', {text: 'short', form: 'udh8'})).status, 400, 'a concatenated form needs 2+ parts');
    assert.strictEqual((await post('/mo', {text: 'Привіт', encoding: 'gsm'})).status, 400);
    assert.strictEqual((await post('/mo', {text: 'x'.repeat(161)})).status, 400);
    const rec = await until('every part answered', async () => {
        const r = await record();
        return r.delivers.every((d) => d.resp_status !== null) && r;
    });
    assert.strictEqual(rec.delivers.length, cases.reduce((n, k) => n + k.n, 0));
    assert.ok(rec.delivers.every((d) => d.kind === 'mo' && d.resp_status === 0));
    await c.close();
});

check('unbind_after_bind: the bind is accepted, then the server unbinds at once; unbind_all unbinds every session', async () => {
    await ok('/arm', {unbindAfterBind: true});
    const c = await Client.bound('transceiver', {unbindBack: true});
    await c.waitFor('the server\'s unbind', (p) => p.command === 'unbind');
    await c.whenClosed;
    const again = await Client.bound('transceiver');
    assert.strictEqual((await again.request('enquire_link')).command_status, 0, 'only the next bind is unbound');
    const rx = await Client.bound('receiver');
    const tx = await Client.bound('transmitter');
    const res = await ok('/unbind', {});
    assert.deepStrictEqual(res.unbound.sort(), [2, 3, 4]);
    await Promise.all([again.whenClosed, rx.whenClosed, tx.whenClosed]);
    const rec = await record();
    assert.deepStrictEqual(rec.sessions.map((s) => s.unbound_by),
        ['server:unbind_after_bind', 'server:unbind_all', 'server:unbind_all', 'server:unbind_all']);
    const out = rec.pdus.filter((p) => p.dir === 'out' && p.command === 'unbind');
    const back = rec.pdus.filter((p) => p.dir === 'in' && p.command === 'unbind_resp');
    assert.strictEqual(out.length, 4);
    assert.strictEqual(back.length, 4);
    assert.deepStrictEqual(rec.bound, []);
});

check('query_sm: the state the receipts left (a late ENROUTE keeps DELIVRD), unknown ids 0x67, unsupported, fail', async () => {
    const c = await Client.bound('transceiver');
    const r = await c.request('submit_sm', submitFields({short_message: gsm('query me')}));
    const q = () => c.request('query_sm', {message_id: r.message_id, source_addr_ton: 5, source_addr_npi: 0, source_addr: 'Shop'});
    assert.deepStrictEqual([(await q()).command_status, (await q()).message_state], [0, 1]);
    await ok('/receipt', {id: r.message_id, form: 'tlv'});
    await c.waitFor('receipt', (p) => p.command === 'deliver_sm');
    assert.strictEqual((await q()).message_state, 2);
    await ok('/receipt', {id: r.message_id, form: 'intermediate'});
    await until('late enroute', () => c.delivers().length === 2);
    assert.strictEqual((await q()).message_state, 2, 'a late ENROUTE does not take the final state back');
    assert.strictEqual((await c.request('query_sm', {message_id: '999999999'})).command_status, 0x67);
    await ok('/arm', {querySm: 'unsupported'});
    const nack = await q();
    assert.deepStrictEqual([nack.command, nack.command_status], ['generic_nack', 0x03]);
    await ok('/arm', {querySm: 'fail'});
    assert.strictEqual((await q()).command_status, 0x67);
    await c.close();
});

check('commands the peer does not implement get generic_nack 0x03; the control port refuses bad requests', async () => {
    const c = await Client.bound('transceiver');
    const r = await c.request('cancel_sm', {message_id: '1'});
    assert.deepStrictEqual([r.command, r.command_status], ['generic_nack', 0x03]);
    await c.close();
    assert.strictEqual((await post('/nowhere', {})).status, 404);
    assert.strictEqual((await call('POST', '/arm', '{not json')).status, 400);
    assert.strictEqual((await post('/arm', {idStyle: 'roman'})).status, 400);
    assert.strictEqual((await post('/arm', {querySm: 'maybe'})).status, 400);
});

check('the record has no errors, and /reset clears it and drops live sessions', async () => {
    const c = await Client.bound('transceiver');
    await c.request('submit_sm', submitFields({short_message: gsm('x')}));
    await ok('/arm', {fault: 'throttle', idStyle: 'mixed-case', queueReceipts: true});
    let rec = await record();
    assert.deepStrictEqual(rec.errors, []);
    await ok('/reset');
    await c.whenClosed;
    rec = await record();
    assert.deepStrictEqual([rec.sessions, rec.pdus, rec.delivers, rec.messages, rec.queue, rec.armed.faults],
        [[], [], [], [], [], []]);
    assert.deepStrictEqual(rec.settings, {idStyle: 'decimal', queueReceipts: false, querySm: 'answer', flushDelayMs: 200,
        unbindCloseDelayMs: 1000});
});

// ---------------------------------------------------------------------------------------------------------------
async function stops(how) {
    const p = await startPeer();
    const exited = new Promise((resolve) => p.child.on('exit', (code, signal) => resolve({code, signal})));
    if (how === 'stdin') {
        p.child.stdin.end();
    } else {
        p.child.kill('SIGTERM');
    }
    const r = await Promise.race([exited, sleep(3000).then(() => null)]);
    if (!r) {
        p.child.kill('SIGKILL');
    }
    return r;
}

async function main() {
    let passed = 0;
    let failed = 0;
    for (const c of checks) {
        peer = await startPeer();
        const exited = new Promise((resolve) => peer.child.on('exit', resolve));
        try {
            await c.fn();
            const rec = await record();
            assert.deepStrictEqual(rec.errors, [], 'the peer recorded errors');
            passed++;
            console.log('ok   ' + c.name);
        } catch (e) {
            failed++;
            console.log('FAIL ' + c.name + '\n     ' + (e.stack || e).toString().split('\n').slice(0, 6).join('\n     '));
        } finally {
            peer.child.stdin.end();
            await Promise.race([exited, sleep(3000)]);
            if (peer.child.exitCode === null) {
                peer.child.kill('SIGKILL');
            }
        }
    }
    for (const how of ['stdin', 'SIGTERM']) {
        const r = await stops(how);
        if (r && r.code === 0) {
            passed++;
            console.log('ok   the peer stops with exit code 0 when ' + (how === 'stdin' ? 'stdin closes' : 'sent SIGTERM'));
        } else {
            failed++;
            console.log('FAIL the peer did not stop cleanly on ' + how + ': ' + JSON.stringify(r));
        }
    }
    console.log(passed + ' passed, ' + failed + ' failed');
    process.exit(failed ? 1 : 0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
