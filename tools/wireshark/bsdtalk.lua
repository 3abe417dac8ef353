-- Copyright 2026 the bsdtalk authors
--
-- Licensed under the Apache License, Version 2.0 (the "License");
-- you may not use this file except in compliance with the License.
-- You may obtain a copy of the License at
--
--     http://www.apache.org/licenses/LICENSE-2.0
--
-- Unless required by applicable law or agreed to in writing, software
-- distributed under the License is distributed on an "AS IS" BASIS,
-- WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
-- See the License for the specific language governing permissions and
-- limitations under the License.

-- bsdtalk.lua: a Wireshark dissector for the BSD talk protocols (Wireshark 4.0, Lua 5.2).
--
--   ntalk  UDP 518: the talk daemon protocol of 4.3BSD and later, netkit and inetutils
--   otalk  UDP 517: old talk, the 4.2BSD daemon protocol
--   talk   TCP: the conversation itself, on the port the datagrams announce
--
-- Use:  tshark -X lua_script:bsdtalk.lua -r FILE -Y ntalk
-- or copy it into the personal Lua plugin folder (`tshark -G folders`, "Personal Lua Plugins";
-- ~/.local/lib/wireshark/plugins on Linux).
--
-- It decodes what bsdtalk's own decoder (talk-proto: TalkCodec, OldTalkCodec, TalkDescriber;
-- `talk-examples.jar decode --pcap`) decodes, and the CI suite interop/dissector-interop.sh checks
-- that both print the same fields for every test capture. In particular it classifies datagrams
-- the same way: by the destination port first (518 ntalk, 517 old talk), then by the source port;
-- on 518, 84 bytes are a request, 24 a reply, 76 an old-talk request (netkit's daemon takes old
-- talk on 518 too, and a 24-byte reply there that answers an old-talk request and no ntalk one is
-- old talk) and anything else is malformed; on 517, 76 bytes are a request, 24 a reply. A reply
-- answers the earliest unanswered request of its protocol and type from its destination to its
-- source, else the last unanswered datagram of a wrong size from there (a daemon answers one with
-- UNKNOWN_REQUEST in ntalk's layout, also on 517, where such a reply is read as ntalk); a request
-- repeated byte for byte before it is answered is a resend.

-- ---------------------------------------------------------------------------------------------
-- value strings

-- The request types, talkd.h: #define LEAVE_INVITE 0, LOOK_UP 1, DELETE 2, ANNOUNCE 3
-- (the same four in 4.2BSD ctl.h).
local TYPES = { [0] = "LEAVE_INVITE", [1] = "LOOK_UP", [2] = "DELETE", [3] = "ANNOUNCE" }

-- The answers, talkd.h: #define SUCCESS 0 ... BADCTLADDR 8 (4.2BSD ctl.h has the first six).
local ANSWERS = {
  [0] = "SUCCESS", [1] = "NOT_HERE", [2] = "FAILED", [3] = "MACHINE_UNKNOWN",
  [4] = "PERMISSION_DENIED", [5] = "UNKNOWN_REQUEST", [6] = "BADVERSION", [7] = "BADADDR",
  [8] = "BADCTLADDR",
}

local FAMILIES = { [2] = "AF_INET" }

local function type_name(code)
  return TYPES[code] or ("unknown type " .. code)
end

local function answer_name(code)
  return ANSWERS[code] or ("unknown answer " .. code)
end

-- ---------------------------------------------------------------------------------------------
-- protocols and fields

local ntalk = Proto("ntalk", "BSD talk daemon protocol (ntalk)")
local otalk = Proto("otalk", "Old BSD talk daemon protocol (4.2BSD talk)")
local talk = Proto("talk", "BSD talk conversation")

-- The fields of a sockaddr as talk sends it (struct osockaddr in talkd.h, struct sockaddr_in in
-- 4.2BSD ctl.h): u16 family, u16 port, 4 bytes IPv4 address, 8 bytes of zeros; port and address
-- always in network order. One set per protocol and per address, so that a filter such as
-- ntalk.addr.port == 40000 says which one it means.
local function address_fields(prefix, label, list)
  local f = {
    label = label,
    whole = ProtoField.bytes(prefix, label),
    family = ProtoField.uint16(prefix .. ".family", "Family", base.DEC, FAMILIES),
    port = ProtoField.uint16(prefix .. ".port", "Port", base.DEC),
    ip = ProtoField.ipv4(prefix .. ".ip", "Address"),
    zero = ProtoField.bytes(prefix .. ".zero", "Unused (sin_zero)"),
  }
  for _, k in ipairs({ "whole", "family", "port", "ip", "zero" }) do list[#list + 1] = f[k] end
  return f
end

-- The fields of one daemon protocol, keyed by the C member name; `only` lists the members that
-- this protocol alone has. Returns the fields and the list to register, in wire order.
local function daemon_fields(p, only)
  local f, list = {}, {}
  local function add(key, field)
    f[key] = field
    list[#list + 1] = field
  end
  if only.vers then add("vers", ProtoField.uint8(p .. ".vers", "Protocol version", base.DEC)) end
  add("type", ProtoField.uint8(p .. ".type", "Request type", base.DEC, TYPES))
  add("answer", ProtoField.uint8(p .. ".answer", "Answer", base.DEC, ANSWERS))
  add("pad", ProtoField.uint8(p .. ".pad", "Padding", base.HEX))
  if only.filler then add("filler", ProtoField.bytes(p .. ".filler", "Filler")) end
  add("id_num", ProtoField.uint32(p .. ".id_num", "Invitation id", base.DEC))
  f.addr = address_fields(p .. ".addr", "TCP address (addr)", list)
  f.ctl_addr = address_fields(p .. ".ctl_addr", "Control address (ctl_addr)", list)
  add("pid", ProtoField.int32(p .. ".pid", "Process id", base.DEC))
  add("l_name", ProtoField.string(p .. ".l_name", "Caller's login name (l_name)"))
  add("r_name", ProtoField.string(p .. ".r_name", "Callee's login name (r_name)"))
  add("r_tty", ProtoField.string(p .. ".r_tty", "Callee's terminal (r_tty)"))
  if only.byte_order then
    add("byte_order", ProtoField.string(p .. ".byte_order", "Sender's byte order"))
  end
  add("response_in", ProtoField.framenum(p .. ".response_in", "Response in", base.NONE,
    frametype.RESPONSE))
  add("response_to", ProtoField.framenum(p .. ".response_to", "Request in", base.NONE,
    frametype.REQUEST))
  add("time", ProtoField.relative_time(p .. ".time", "Time since request"))
  add("resend_of", ProtoField.framenum(p .. ".resend_of", "Resend of", base.NONE,
    frametype.NONE))
  add("data", ProtoField.bytes(p .. ".data", "Data"))
  return f, list
end

local F = {}
F.ntalk, ntalk.fields = daemon_fields("ntalk", { vers = true })
F.otalk, otalk.fields = daemon_fields("otalk", { filler = true, byte_order = true })

local E = {
  ntalk = {
    malformed = ProtoExpert.new("ntalk.malformed", "Malformed ntalk datagram",
      expert.group.MALFORMED, expert.severity.ERROR),
    no_reply = ProtoExpert.new("ntalk.no_reply", "No reply in the capture",
      expert.group.SEQUENCE, expert.severity.NOTE),
  },
  otalk = {
    malformed = ProtoExpert.new("otalk.malformed", "Malformed old-talk datagram",
      expert.group.MALFORMED, expert.severity.ERROR),
    no_reply = ProtoExpert.new("otalk.no_reply", "No reply in the capture",
      expert.group.SEQUENCE, expert.severity.NOTE),
  },
}
ntalk.experts = { E.ntalk.malformed, E.ntalk.no_reply }
otalk.experts = { E.otalk.malformed, E.otalk.no_reply }

local T = {
  erase = ProtoField.uint8("talk.erase", "Erase character", base.HEX),
  kill = ProtoField.uint8("talk.kill", "Kill (line erase) character", base.HEX),
  werase = ProtoField.uint8("talk.werase", "Word erase character", base.HEX),
  text = ProtoField.string("talk.text", "Typed text"),
  announced_in = ProtoField.framenum("talk.announced_in", "Address announced in", base.NONE,
    frametype.NONE),
}
talk.fields = { T.erase, T.kill, T.werase, T.text, T.announced_in }

local f_tcp_seq = Field.new("tcp.seq")

-- ---------------------------------------------------------------------------------------------
-- state, rebuilt on every first pass (init is called whenever a capture is (re)read)

-- pending[proto][from .. ">" .. to] = unanswered requests {frame, type, time, bytes, little}
-- pairs_of[proto][frame] = {peer = frame, time = NSTime since the request (replies only),
--   little = the request's byte order (old talk)}
-- resend_of[proto][frame] = the frame of the unanswered request this one repeats byte for byte
-- old_reply[frame] = true for a 24-byte reply on 518 read as old talk (see dissect_daemon)
-- ntalk_layout[frame] = true for a 24-byte reply on 517 read as ntalk (see dissect_daemon)
-- pending_malformed[from .. ">" .. to] = the last unanswered wrong-sized datagram {frame, time}
-- announced[port] = the first frame that announced that TCP port; registered_ports: the ports
-- this script added to "tcp.port", taken out again when the capture is read anew
local pending, pairs_of, resend_of, old_reply, ntalk_layout, pending_malformed, announced
local tcp_table = DissectorTable.get("tcp.port")
local registered_ports = {}

local function reset()
  pending = { ntalk = {}, otalk = {} }
  pairs_of = { ntalk = {}, otalk = {} }
  resend_of = { ntalk = {}, otalk = {} }
  old_reply = {}
  ntalk_layout = {}
  pending_malformed = {}
  announced = {}
  for port in pairs(registered_ports) do
    tcp_table:remove(port, talk)
  end
  registered_ports = {}
end
reset()

function ntalk.init() reset() end

local function endpoint(addr, port)
  return tostring(addr) .. ":" .. port
end

-- the key of the requests a reply in this frame answers: from its destination to its source
local function reply_key(pinfo)
  return endpoint(pinfo.dst, pinfo.dst_port) .. ">" .. endpoint(pinfo.src, pinfo.src_port)
end

-- An NSTime from a number of seconds. Times come from pinfo.rel_ts, not from a field such as
-- frame.time_relative: fields are not there when tshark's first pass (-2) builds no tree, and
-- seconds since the first frame keep nanoseconds exact for any capture shorter than days.
local function seconds_to_nstime(seconds)
  local whole = math.floor(seconds)
  local nanos = math.floor((seconds - whole) * 1e9 + 0.5)
  if nanos >= 1000000000 then
    whole, nanos = whole + 1, nanos - 1000000000
  end
  return NSTime.new(whole, nanos)
end

-- The earliest unanswered request of protocol p and type req_type under key, and its index.
local function earliest_pending(p, key, req_type)
  for i, req in ipairs(pending[p][key] or {}) do
    if req.type == req_type then return req, i end
  end
  return nil
end

-- The first pass pairs each reply with the earliest unanswered request of the same protocol and
-- type sent from the reply's destination to its source, as bsdtalk's decoder (TalkCapture) does;
-- a request repeated byte for byte while the first is unanswered is a resend, not queued again.
-- Later passes (tshark -2, the GUI) only read the result.
local function track_request(p, tvb, pinfo, req_type, little)
  if pinfo.visited then return end
  local key = endpoint(pinfo.src, pinfo.src_port) .. ">" .. endpoint(pinfo.dst, pinfo.dst_port)
  local list = pending[p][key]
  if not list then
    list = {}
    pending[p][key] = list
  end
  local bytes = tvb:raw()
  for _, req in ipairs(list) do
    if req.bytes == bytes then
      resend_of[p][pinfo.number] = req.frame
      return
    end
  end
  list[#list + 1] = { frame = pinfo.number, type = req_type, time = pinfo.rel_ts, bytes = bytes,
    little = little }
end

-- A reply that answers no request pairs with the last unanswered datagram of a wrong size from
-- its receiver: netkit's daemons and bsdtalk's answer one with UNKNOWN_REQUEST (talkd/talkd.c).
local function track_reply(p, pinfo, req_type)
  if pinfo.visited then return end
  local key = reply_key(pinfo)
  local req, i = earliest_pending(p, key, req_type)
  if not req then
    local bad = pending_malformed[key]
    if bad then
      pending_malformed[key] = nil
      pairs_of[p][pinfo.number] = { peer = bad.frame, time = seconds_to_nstime(pinfo.rel_ts - bad.time) }
    end
    return
  end
  table.remove(pending[p][key], i)
  pairs_of[p][req.frame] = { peer = pinfo.number }
  pairs_of[p][pinfo.number] = {
    peer = req.frame, time = seconds_to_nstime(pinfo.rel_ts - req.time), little = req.little,
  }
end

local function show_pairing(p, pinfo, tree, is_request)
  local pair = pairs_of[p][pinfo.number]
  if is_request then
    local original = resend_of[p][pinfo.number]
    if original then
      tree:add(F[p].resend_of, original):set_generated()
    elseif pair then
      tree:add(F[p].response_in, pair.peer):set_generated()
    elseif pinfo.visited then
      -- only a later pass knows that no reply came
      tree:add_proto_expert_info(E[p].no_reply)
    end
  elseif pair then
    tree:add(F[p].response_to, pair.peer):set_generated()
    tree:add(F[p].time, pair.time):set_generated()
  end
end

-- A TCP conversation on a port the datagrams announced: the addr of an ANNOUNCE or LEAVE_INVITE
-- request (where the caller listens) or of a LOOK_UP's SUCCESS reply (the caller's address, which
-- the daemon hands to the callee, who connects there).
local function announce_tcp(pinfo, port)
  if port == 0 then return end
  if not announced[port] then announced[port] = pinfo.number end
  if not registered_ports[port] then
    registered_ports[port] = true
    tcp_table:add(port, talk)
  end
end

-- ---------------------------------------------------------------------------------------------
-- shared pieces

local function add_address(tree, fields, tvb, at, little_endian)
  local range = tvb(at, 16)
  local family = little_endian and range(0, 2):le_uint() or range(0, 2):uint()
  local port = range(2, 2):uint()
  local text = string.format("%s:%d (family %d)", tostring(range(4, 4):ipv4()), port, family)
  local sub = tree:add(fields.whole, range)
  sub:set_text(fields.label .. ": " .. text)
  if little_endian then
    sub:add_le(fields.family, range(0, 2))
  else
    sub:add(fields.family, range(0, 2))
  end
  sub:add(fields.port, range(2, 2))
  sub:add(fields.ip, range(4, 4))
  sub:add(fields.zero, range(8, 8))
  return port
end

-- A NUL-padded text field: the C view, the bytes before the first NUL, one character per byte
-- (ISO-8859-1), as talk-proto's FieldText reads it.
local function add_text(tree, field, tvb, at, width)
  tree:add_packet_field(field, tvb(at, width), ENC_ISO_8859_1)
  local raw = tvb(at, width):raw()
  return raw:match("^[^%z]*")
end

-- a wrong-sized datagram to a daemon, which its reply may answer (track_reply)
local function track_malformed(pinfo)
  if pinfo.visited or (pinfo.dst_port ~= 518 and pinfo.dst_port ~= 517) then return end
  pending_malformed[endpoint(pinfo.src, pinfo.src_port) .. ">" .. endpoint(pinfo.dst, pinfo.dst_port)] =
    { frame = pinfo.number, time = pinfo.rel_ts }
end

local function malformed(p, tvb, pinfo, tree, reason)
  track_malformed(pinfo)
  local item = tree:add(p == "ntalk" and ntalk or otalk, tvb())
  item:add(F[p].data, tvb())
  item:add_proto_expert_info(E[p].malformed, reason)
  pinfo.cols.info = string.format("MALFORMED %d bytes: %s", tvb:len(), reason)
  return tvb:len()
end

-- Why a datagram of this length is malformed, in the words of talk-proto's TalkCodec.checkLength
-- ("CTL_MSG needs 84 bytes, got 50"): one sent to a daemon port is a request of the wrong size,
-- one from it a reply of the wrong size, as bsdtalk's decoder reads them.
local function length_problem(p, pinfo, got)
  local to_daemon = pinfo.dst_port == 518 or pinfo.dst_port == 517
  local what, size
  if to_daemon then
    what, size = "CTL_MSG", p == "ntalk" and 84 or 76
  else
    what, size = "CTL_RESPONSE", 24
  end
  if p == "otalk" then what = "old-talk " .. what end
  if got < size then
    return string.format("%s needs %d bytes, got %d", what, size, got)
  end
  return string.format("%s is %d bytes, got %d", what, size, got)
end

-- What every request and every reply of either protocol ends with: the pairing, the TCP port
-- it announces, the Info column.
local function request_done(p, tvb, pinfo, t, req_type, id, port, l_name, r_name, little)
  track_request(p, tvb, pinfo, req_type, little)
  show_pairing(p, pinfo, t, true)
  if req_type == 0 or req_type == 3 then announce_tcp(pinfo, port) end
  local info = string.format("%s request id %d %s -> %s", type_name(req_type), id, l_name, r_name)
  if resend_of[p][pinfo.number] then
    info = info .. string.format(" (resend of #%d)", resend_of[p][pinfo.number])
  end
  pinfo.cols.info = info
  return tvb:len()
end

local function reply_done(p, tvb, pinfo, t, req_type, answer, id, port)
  show_pairing(p, pinfo, t, false)
  if req_type == 1 and answer == 0 then announce_tcp(pinfo, port) end
  pinfo.cols.info = string.format("%s reply %s id %d", type_name(req_type), answer_name(answer), id)
  return tvb:len()
end

-- ---------------------------------------------------------------------------------------------
-- ntalk, BSD include/protocols/talkd.h (netkit's include/prot_talkd.h is the same):
--
--   typedef struct {                          typedef struct {
--     u_char    vers;                 0         u_char    vers;         0
--     u_char    type;                 1         u_char    type;         1
--     u_char    answer;               2         u_char    answer;       2
--     u_char    pad;                  3         u_char    pad;          3
--     u_int32_t id_num;               4         u_int32_t id_num;       4
--     struct osockaddr addr;          8         struct osockaddr addr;  8
--     struct osockaddr ctl_addr;     24       } CTL_RESPONSE;          24 bytes
--     int32_t   pid;                 40
--     char      l_name[NAME_SIZE];   44  (NAME_SIZE 12)
--     char      r_name[NAME_SIZE];   56
--     char      r_tty[TTY_SIZE];     68  (TTY_SIZE 16)
--   } CTL_MSG;                       84 bytes
--
-- All integers in network order; osockaddr's family is a big-endian u16 (talk-proto's
-- MessageField and TalkCodec).

-- bytes 0..7, the same in a CTL_MSG and a CTL_RESPONSE; returns type, answer and id_num
local function ntalk_head(t, tvb, is_request)
  local f = F.ntalk
  t:add(f.vers, tvb(0, 1))
  t:add(f.type, tvb(1, 1))
  local answer = t:add(f.answer, tvb(2, 1))
  if is_request then answer:append_text(" (unused in requests)") end
  t:add(f.pad, tvb(3, 1))
  t:add(f.id_num, tvb(4, 4))
  return tvb(1, 1):uint(), tvb(2, 1):uint(), tvb(4, 4):uint()
end

local function ntalk_request(tvb, pinfo, tree)
  local t = tree:add(ntalk, tvb(), "BSD talk (ntalk), request")
  local f = F.ntalk
  local req_type, _, id = ntalk_head(t, tvb, true)
  local port = add_address(t, f.addr, tvb, 8, false)
  add_address(t, f.ctl_addr, tvb, 24, false)
  t:add(f.pid, tvb(40, 4))
  local l_name = add_text(t, f.l_name, tvb, 44, 12)
  local r_name = add_text(t, f.r_name, tvb, 56, 12)
  add_text(t, f.r_tty, tvb, 68, 16)
  return request_done("ntalk", tvb, pinfo, t, req_type, id, port, l_name, r_name)
end

local function ntalk_reply(tvb, pinfo, tree)
  track_reply("ntalk", pinfo, tvb(1, 1):uint())
  local t = tree:add(ntalk, tvb(), "BSD talk (ntalk), reply")
  local req_type, answer, id = ntalk_head(t, tvb, false)
  local port = add_address(t, F.ntalk.addr, tvb, 8, false)
  return reply_done("ntalk", tvb, pinfo, t, req_type, answer, id, port)
end

-- ---------------------------------------------------------------------------------------------
-- old talk, 4.2BSD /usr/src/ucb/talk/ctl.h (typedef'd as CTL_MSG and CTL_RESPONSE):
--
--   struct ctl_msg {                           struct ctl_response {
--     char   type;                    0          char   type;              0
--     char   l_name[NAME_SIZE];       1 (9)      char   answer;            1
--     char   r_name[NAME_SIZE];      10 (9)      (2 bytes alignment)       2
--     (1 byte alignment)             19          int    id_num;            4
--     int    id_num;                 20          struct sockaddr_in addr;  8
--     int    pid;                    24        };                         24 bytes
--     char   r_tty[TTY_SIZE];        28 (16)
--     struct sockaddr_in addr;       44
--     struct sockaddr_in ctl_addr;   60
--   };                               76 bytes
--
-- A 4.2BSD client wrote id_num, pid and both sin_family in its own byte order (sin_port and
-- sin_addr in network order); the daemon told the orders apart by ctl_addr's family, as
-- talk-proto's OldTalkCodec does: bytes 60..61 "02 00" mean little-endian, anything else
-- network order. A reply does not show its order; netkit's in.talkd writes network order
-- whatever the request's, and so it is read here (as `decode --old` and the capture decoder do).

local function otalk_request(tvb, pinfo, tree, on_ntalk_port)
  local little = tvb(60, 1):uint() == 2 and tvb(61, 1):uint() == 0
  local label = "Old BSD talk (4.2BSD), request"
  if on_ntalk_port then label = label .. " on the ntalk port" end
  local t = tree:add(otalk, tvb(), label)
  local f = F.otalk
  local function add_int(field, at)
    if little then return t:add_le(field, tvb(at, 4)) end
    return t:add(field, tvb(at, 4))
  end
  local req_type = tvb(0, 1):uint()
  t:add(f.type, tvb(0, 1))
  local l_name = add_text(t, f.l_name, tvb, 1, 9)
  local r_name = add_text(t, f.r_name, tvb, 10, 9)
  t:add(f.pad, tvb(19, 1))
  local id = little and tvb(20, 4):le_uint() or tvb(20, 4):uint()
  add_int(f.id_num, 20)
  add_int(f.pid, 24)
  add_text(t, f.r_tty, tvb, 28, 16)
  local port = add_address(t, f.addr, tvb, 44, little)
  add_address(t, f.ctl_addr, tvb, 60, little)
  t:add(f.byte_order, little and "little-endian" or "big-endian"):set_generated()
  return request_done("otalk", tvb, pinfo, t, req_type, id, port, l_name, r_name, little)
end

local function otalk_reply(tvb, pinfo, tree, on_ntalk_port)
  local req_type = tvb(0, 1):uint()
  track_reply("otalk", pinfo, req_type)
  -- The order of id_num and the addr family: what the family shows when the daemon filled addr,
  -- else the order of the request answered (our daemon answers in kind, netkit in network order
  -- with junk in addr), else network order; as bsdtalk's decoder reads it.
  local little
  local family = tvb(8, 2):uint()
  if family == 0x0002 then
    little = false
  elseif family == 0x0200 then
    little = true
  else
    local pair = pairs_of.otalk[pinfo.number]
    little = pair ~= nil and pair.little
  end
  local label = "Old BSD talk (4.2BSD), reply"
  if on_ntalk_port then label = label .. " on the ntalk port" end
  local t = tree:add(otalk, tvb(), label)
  local f = F.otalk
  local answer = tvb(1, 1):uint()
  t:add(f.type, tvb(0, 1))
  t:add(f.answer, tvb(1, 1))
  t:add(f.filler, tvb(2, 2))
  local id = little and tvb(4, 4):le_uint() or tvb(4, 4):uint()
  if little then t:add_le(f.id_num, tvb(4, 4)) else t:add(f.id_num, tvb(4, 4)) end
  local port = add_address(t, f.addr, tvb, 8, little)
  t:add(f.byte_order, little and "little-endian" or "big-endian"):set_generated()
  return reply_done("otalk", tvb, pinfo, t, req_type, answer, id, port)
end

-- ---------------------------------------------------------------------------------------------
-- which protocol: the destination port first, then the source port (a reply comes from 518 or
-- 517). Both protocols run this, whichever port the UDP dissector tried first.

local f_udp_length = Field.new("udp.length")
local f_icmp = Field.new("icmp")

local function daemon_protocol(pinfo)
  if pinfo.dst_port == 518 then
    return "ntalk"
  elseif pinfo.dst_port == 517 then
    return "otalk"
  elseif pinfo.src_port == 518 then
    return "ntalk"
  elseif pinfo.src_port == 517 then
    return "otalk"
  end
  return nil
end

local function dissect_daemon(tvb, pinfo, tree)
  -- A datagram quoted in an ICMP error (port unreachable: no daemon listens) was never
  -- delivered; left undecoded, so that a filter such as "ntalk" finds only datagrams that were.
  if pinfo.in_error_pkt then return 0 end
  local p = daemon_protocol(pinfo)
  if not p then return 0 end
  local len = tvb:len()
  if p == "ntalk" then
    if len == 84 then
      pinfo.cols.protocol = "ntalk"
      return ntalk_request(tvb, pinfo, tree)
    elseif len == 24 then
      -- netkit's one daemon process answers a 76-byte request on 518 with an old-talk reply: a
      -- reply that answers no unanswered ntalk request but an old-talk one is read as old talk
      if not pinfo.visited then
        local key = reply_key(pinfo)
        old_reply[pinfo.number] = earliest_pending("ntalk", key, tvb(1, 1):uint()) == nil
          and earliest_pending("otalk", key, tvb(0, 1):uint()) ~= nil
      end
      if old_reply[pinfo.number] then
        pinfo.cols.protocol = "otalk"
        return otalk_reply(tvb, pinfo, tree, true)
      end
      pinfo.cols.protocol = "ntalk"
      return ntalk_reply(tvb, pinfo, tree)
    elseif len == 76 then
      pinfo.cols.protocol = "otalk"
      return otalk_request(tvb, pinfo, tree, true)
    end
    pinfo.cols.protocol = "ntalk"
    return malformed(p, tvb, pinfo, tree, length_problem(p, pinfo, len))
  end
  pinfo.cols.protocol = "otalk"
  if len == 76 then
    return otalk_request(tvb, pinfo, tree, false)
  elseif len == 24 then
    -- the answer to a wrong-sized datagram on 517 is in ntalk's layout, vers 1 first: a reply
    -- that answers no old-talk request but such a datagram, and starts with 01, is read as ntalk
    if not pinfo.visited then
      local key = reply_key(pinfo)
      ntalk_layout[pinfo.number] = tvb(0, 1):uint() == 1
        and earliest_pending("otalk", key, tvb(0, 1):uint()) == nil
        and pending_malformed[key] ~= nil
    end
    if ntalk_layout[pinfo.number] then
      pinfo.cols.protocol = "ntalk"
      return ntalk_reply(tvb, pinfo, tree)
    end
    return otalk_reply(tvb, pinfo, tree, false)
  end
  return malformed(p, tvb, pinfo, tree, length_problem(p, pinfo, len))
end

ntalk.dissector = dissect_daemon
otalk.dissector = dissect_daemon

local udp_table = DissectorTable.get("udp.port")
udp_table:add(518, ntalk)
udp_table:add(517, otalk)

-- UDP calls no port dissector for an empty datagram, but a daemon gets (and netkit's answers) it:
-- a postdissector shows it as the malformed datagram it is, as bsdtalk's decoder does.
local empty = Proto("talk_empty", "BSD talk empty datagram check")

function empty.dissector(tvb, pinfo, tree)
  local udp_length = f_udp_length()
  -- (the first udp.length of an ICMP error is that of the datagram it quotes)
  if not udp_length or udp_length() ~= 8 or f_icmp() then return end
  local p = daemon_protocol(pinfo)
  if not p then return end
  pinfo.cols.protocol = p
  track_malformed(pinfo)
  local item = tree:add(p == "ntalk" and ntalk or otalk)
  local reason = length_problem(p, pinfo, 0)
  item:add_proto_expert_info(E[p].malformed, reason)
  pinfo.cols.info = "MALFORMED 0 bytes: " .. reason
end
register_postdissector(empty)

-- ---------------------------------------------------------------------------------------------
-- the conversation (talk/io.c, talk/init_disp.c): once connected, each side first writes its
-- three edit characters (the terminal's erase, kill and word-erase characters; netkit and
-- inetutils send 7f 15 17), then every character its user types, as typed.

local EDIT = { T.erase, T.kill, T.werase }

-- typed bytes for the Info column: printable ASCII as is, the rest as \xNN
local function quoted(bytes)
  return '"' .. bytes:gsub('[^ -~]', function(c) return string.format("\\x%02x", c:byte()) end)
    .. '"'
end

function talk.dissector(tvb, pinfo, tree)
  local len = tvb:len()
  if len == 0 then return 0 end
  pinfo.cols.protocol = "talk"
  local t = tree:add(talk, tvb())
  local port = announced[pinfo.dst_port] and pinfo.dst_port or pinfo.src_port
  if announced[port] then
    t:add(T.announced_in, announced[port]):set_generated()
  end
  -- the offset of this segment in its direction's byte stream, from TCP's relative sequence
  -- number (1 = the first byte after the SYN), so that it holds in every pass and for edit
  -- characters split over segments
  local seq = f_tcp_seq()
  local offset = seq and (seq() - 1) or 3
  local at = 0
  local shown = {}
  while offset + at < 3 and at < len do
    t:add(EDIT[offset + at + 1], tvb(at, 1))
    shown[#shown + 1] = string.format("%02x", tvb(at, 1):uint())
    at = at + 1
  end
  local info = {}
  if #shown > 0 then info[1] = "edit characters " .. table.concat(shown, " ") end
  if at < len then
    t:add_packet_field(T.text, tvb(at, len - at), ENC_ISO_8859_1)
    info[#info + 1] = "typed " .. quoted(tvb(at, len - at):raw())
  end
  pinfo.cols.info = table.concat(info, ", ")
  return len
end
