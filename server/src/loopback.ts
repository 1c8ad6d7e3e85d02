/** An address of this machine's loopback interface: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && /^(::ffff:)?127(\.\d{1,3}){3}$|^::1$/i.test(address);
}

/** A Host header (or URL host) naming this machine: localhost, 127.0.0.1 or [::1], any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(host);
}

/** A listening address reachable only from this machine. */
export function isLoopbackBind(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}
