/**
 * The talk daemon ({@code talkd}/{@code in.ntalkd}) as a library: it keeps the invitations callers
 * leave, answers the look-ups of the people they call, and rings those people's terminals.
 *
 * <h2>Where to start</h2>
 *
 * <ul>
 *   <li>{@link io.github.bsdtalk.server.TalkdServer}: the daemon on UDP sockets. {@code
 *       TalkdServer.builder().bind(...).announcer(...).build()}, then {@code serve()} on your
 *       thread or {@code serveOn(executor)} on one you supply; {@code close()} stops it.
 *   <li>{@link io.github.bsdtalk.server.RequestProcessor}: all of the daemon's policy as one
 *       function of (request, sender, time), with no socket, thread or clock inside. Feed it
 *       requests directly to test or embed the daemon elsewhere.
 *   <li>{@link io.github.bsdtalk.server.Announcer}: how a callee is rung. {@link
 *       io.github.bsdtalk.server.UnixTtyAnnouncer} writes netkit's message to the callee's
 *       terminal; {@code Announcer.callback} hands the {@link
 *       io.github.bsdtalk.server.Announcement} to your code (a chat room, a notification).
 *   <li>{@link io.github.bsdtalk.server.TerminalFinder}: where {@code UnixTtyAnnouncer} finds the
 *       callee's terminals: utmp, systemd-logind's session records under {@code /run/systemd}
 *       (for hosts that no longer write utmp), or {@code auto}, utmp when it lists the user and
 *       logind's records otherwise. The announcer's rules (requested tty, most recently used
 *       terminal, {@code mesg n}) are the same whichever finder lists the terminals.
 *   <li>{@link io.github.bsdtalk.server.InvitationTable}: where invitations live. {@code
 *       InvitationTable.inMemory()} is bounded and expiring; implement the interface to keep them
 *       elsewhere. Its contract (atomic operations, expiry, id allocation, ownership, eviction) is
 *       documented on the interface.
 *   <li>{@link io.github.bsdtalk.server.RequestLog}: one log line per datagram through {@link
 *       java.lang.System.Logger} (sender, request, answer, names made safe to print), installed as
 *       the server's {@link io.github.bsdtalk.server.TalkdServer.Listener}.
 *   <li>{@link io.github.bsdtalk.server.RingLimits}: how often a callee may be rung ({@code
 *       DEFAULT}: one fresh ring per 10 s per caller, 6 a minute per callee; {@code NONE}), and
 *       {@link io.github.bsdtalk.server.AccessPolicy}: who may use the daemon ({@code ALLOW_ALL};
 *       {@link io.github.bsdtalk.server.AccessList} reads inetutils' talkd ACL files).
 * </ul>
 *
 * <h2>A call, datagram by datagram</h2>
 *
 * Alice on host A calls bob on host B. Every request is one 84-byte CTL_MSG datagram to a daemon's
 * UDP port 518, every answer one 24-byte CTL_RESPONSE back (netkit {@code talk/invite.c}, {@code
 * talk/look_up.c}, {@code talkd/process.c}):
 *
 * <ol>
 *   <li><b>LOOK_UP</b> alice's talk asks B's daemon whether bob has invited her. The processor
 *       asks the table ({@link io.github.bsdtalk.server.InvitationTable#lookUp lookUp}) for the
 *       newest invitation from bob to alice: SUCCESS with its id and bob's rendezvous address (then
 *       alice connects and the call is up), else NOT_HERE.
 *   <li><b>LEAVE_INVITE</b> alice's talk leaves an invitation at her own daemon A, with the TCP
 *       address she listens on. Only a local sender with a local address may (else
 *       MACHINE_UNKNOWN / BADADDR). The table stores it, or refreshes her identical earlier one,
 *       in one step ({@link io.github.bsdtalk.server.InvitationTable#leave leave}): SUCCESS with its
 *       id, or FAILED if she is over her share.
 *   <li><b>ANNOUNCE</b> alice's talk asks B's daemon to ring bob. The table decides and records in
 *       one step ({@link io.github.bsdtalk.server.InvitationTable#announce announce}): a new
 *       announcement or an explicit re-announce (id = stored id + 1, sent every {@code RING_WAIT})
 *       rings; a retransmission is answered with the stored id and rings nothing. Over a {@link
 *       io.github.bsdtalk.server.RingLimits} limit it is answered SUCCESS and rings nothing. The
 *       processor
 *       rings through the announcer outside the table; if that fails (bob is not logged in,
 *       refuses messages) it rolls the entry back ({@link
 *       io.github.bsdtalk.server.InvitationTable#announceFailed announceFailed}) and answers
 *       NOT_HERE / PERMISSION_DENIED / FAILED. Bob, rung, runs {@code talk alice}, whose LOOK_UP at
 *       A finds alice's invitation (step 1 from his side), and connects.
 *   <li><b>DELETE</b> once connected, or when she gives up, alice's talk deletes her LEAVE_INVITE
 *       at A and her ANNOUNCE at B by id. Only the entry's owner (same source address and {@code
 *       l_name}) may: SUCCESS, else NOT_HERE.
 * </ol>
 *
 * <p>Before any of that, every request is checked in the C daemons' order: BADVERSION,
 * UNKNOWN_REQUEST, BADADDR, BADCTLADDR, then the access policy (a denied ANNOUNCE is
 * PERMISSION_DENIED, any other denied request FAILED); a datagram of the wrong length is answered UNKNOWN_REQUEST
 * or dropped ({@link io.github.bsdtalk.server.RequestProcessor.WrongLengthPolicy}).
 *
 * <h2>Threads</h2>
 *
 * A {@link io.github.bsdtalk.server.TalkdServer} handles one datagram at a time on its one serving
 * thread (the caller of {@code serve()}, or the thread {@code serveOn} gets from the executor),
 * across all its endpoints; its constructor and builder start no thread. {@code close()} may be
 * called from any thread and makes {@code serve()} return promptly. The listener and the announcer
 * are called on the serving thread ({@code UnixTtyAnnouncer} writes to terminals on threads of its
 * own, so a stopped terminal cannot stall the daemon). {@code RequestProcessor} is thread-safe if
 * its table and announcer are; tables must be thread-safe with atomic operations, so several
 * servers (or endpoints for several protocols) can share one.
 *
 * <p>The module has no runtime dependency besides talk-proto and logs through {@link
 * java.lang.System.Logger}. Its implementation (the in-memory table, utmp and logind reading, the
 * controlling terminal check) lives in a package that is not exported.
 */
package io.github.bsdtalk.server;
