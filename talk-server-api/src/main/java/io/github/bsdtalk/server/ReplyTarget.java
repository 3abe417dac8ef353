package io.github.bsdtalk.server;

/**
 * Where a daemon sends its answer to a request.
 *
 * <p>The daemons disagree: netkit replies to the datagram's source address (its ChangeLog,
 * 1998-11-26: "Don't reply to the ctl_addr in the packet; reply to where the packet came from"),
 * which works through NAT and cannot be used to bounce replies at a third host; the BSDs, inetutils
 * and illumos reply to {@code ctl_addr} from the request. {@link #SOURCE_ADDRESS} is the default.
 */
public enum ReplyTarget {
  /** Reply to the address the request datagram came from (netkit; the default). */
  SOURCE_ADDRESS,
  /** Reply to the {@code ctl_addr} written in the request (BSD, inetutils). */
  CONTROL_ADDRESS
}
