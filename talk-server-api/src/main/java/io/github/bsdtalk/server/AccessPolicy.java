package io.github.bsdtalk.server;

import java.net.InetAddress;

/**
 * Who may use talkd: asked once for every well-formed request, after the version and address
 * checks and before anything else, as inetutils' talkd asks its ACL ({@code talkd/process.c}
 * {@code acl_match}). A denied ANNOUNCE is answered PERMISSION_DENIED, so that the caller's talk
 * says "Your party is refusing messages" and stops; any other denied request is answered FAILED,
 * as inetutils answers every denied request. {@link AccessList} reads inetutils' ACL files.
 *
 * <p>Implementations must be thread-safe, must not throw and should return quickly: a server
 * answers nothing else while one runs.
 */
@FunctionalInterface
public interface AccessPolicy {

  /** Allows everyone: the default, and what netkit and the BSD daemons do. */
  AccessPolicy ALLOW_ALL = (sender, caller, callee) -> true;

  /**
   * Decides one request.
   *
   * @param sender the request's source address (inetutils matches the same address)
   * @param caller the requester's name, {@code l_name} (for an ANNOUNCE, the caller), in the
   *     daemon's view: text before the first NUL, at most 11 bytes, one char per byte
   * @param callee the other party's name, {@code r_name} (for an ANNOUNCE, the callee), likewise
   * @return true to serve the request, false to deny it
   */
  boolean allows(InetAddress sender, String caller, String callee);
}
