/**
 * The ntalk wire format (protocol version 1), as spoken by BSD, netkit and GNU inetutils talk,
 * and the old 4.2BSD talk format that came before it.
 *
 * <h2>What talk is</h2>
 *
 * <p>{@code talk} lets two logged-in users chat terminal to terminal. The caller's client asks the
 * callee's <em>talk daemon</em> (UDP port 518) to ring the callee's terminal, leaves an invitation
 * with its own daemon, and waits on a TCP port; the callee's client finds the invitation and
 * connects. The control messages are the two fixed-size structures of this package; after the TCP
 * connection is made each side sends its three edit characters (erase, kill, word erase) and then
 * raw keystrokes.
 *
 * <h2>Byte order</h2>
 *
 * <p>Every integer is big-endian (network order). The address family inside each embedded address
 * is a big-endian 16-bit value: BSD clients copy their native {@code sockaddr_in} (which starts with
 * a one-byte {@code sin_len} and a one-byte {@code sin_family}) and overwrite the first two bytes with
 * {@code htons(AF_INET)}, so the bytes are {@code 00 02} on every platform. There is no padding
 * between fields.
 *
 * <h2>CTL_MSG, 84 bytes, client to daemon ({@link io.github.bsdtalk.proto.CtlMessage})</h2>
 *
 * <pre>
 * offset size field     meaning
 *   0     1   vers      1
 *   1     1   type      0 LEAVE_INVITE, 1 LOOK_UP, 2 DELETE, 3 ANNOUNCE
 *   2     1   answer    unused, 0
 *   3     1   pad       0
 *   4     4   id_num    message id
 *   8    16   addr      caller's TCP rendezvous address (tsockaddr, below)
 *  24    16   ctl_addr  client's UDP address for the reply
 *  40     4   pid       client's process id
 *  44    12   l_name    sender's login name, NUL-padded
 *  56    12   r_name    other party's login name, NUL-padded
 *  68    16   r_tty     other party's tty, NUL-padded, "" = any
 * </pre>
 *
 * <h2>CTL_RESPONSE, 24 bytes, daemon to client ({@link io.github.bsdtalk.proto.CtlResponse})</h2>
 *
 * <pre>
 * offset size field     meaning
 *   0     1   vers      1
 *   1     1   type      echo of the request type
 *   2     1   answer    0 SUCCESS .. 8 BADCTLADDR ({@link io.github.bsdtalk.proto.Answer})
 *   3     1   pad       garbage in real daemons' replies
 *   4     4   id_num    invitation id
 *   8    16   addr      rendezvous address, meaningful only for LOOK_UP + SUCCESS
 * </pre>
 *
 * <h2>tsockaddr, 16 bytes ({@link io.github.bsdtalk.proto.TalkAddress})</h2>
 *
 * <pre>
 * offset size field     meaning
 *   0     2   family    2 (AF_INET), big-endian
 *   2     2   port      big-endian
 *   4     4   address   IPv4, network order
 *   8     8   (unused)  zero
 * </pre>
 *
 * <h2>A call, step by step</h2>
 *
 * <ol>
 *   <li>Caller to callee's daemon: LOOK_UP (is the callee already inviting me?) → NOT_HERE.
 *   <li>Caller to callee's daemon: ANNOUNCE, id 0xFFFFFFFF → SUCCESS, id <i>n</i> (the callee's
 *       terminal rings).
 *   <li>Caller to its own daemon: LEAVE_INVITE with its TCP address → id <i>m</i>. Two ids, because
 *       two daemons each number their own table.
 *   <li>Callee to caller's daemon: LOOK_UP → SUCCESS with the caller's TCP address; the callee
 *       connects to it.
 *   <li>Caller: DELETE <i>m</i> at its own daemon, DELETE <i>n</i> at the callee's.
 * </ol>
 *
 * <h2>Old talk, UDP 517</h2>
 *
 * <p>Before ntalk, 4.2BSD talk used a 76-byte request and a 24-byte reply with no version byte,
 * 9-byte names, and integers in the <em>sender's</em> byte order ({@link
 * io.github.bsdtalk.proto.OldCtlMessage}, {@link io.github.bsdtalk.proto.OldCtlResponse}). It is
 * what illumos/Solaris {@code in.talkd} still speaks and what Debian's {@code utalk} tries first;
 * {@link io.github.bsdtalk.proto.OldTalkCodec} reads and writes it and says how it tells the byte
 * order of a request. The steps of a call are the same.
 *
 * <p>{@link io.github.bsdtalk.proto.TalkCodec} reads and writes the structures; {@link
 * io.github.bsdtalk.proto.TalkDescriber} explains any datagram field by field; {@link
 * io.github.bsdtalk.proto.TalkText} turns the name fields into display text and back (UTF-8 when
 * the bytes are UTF-8, else Latin-1; controls replaced before anything reaches a terminal).
 */
package io.github.bsdtalk.proto;
