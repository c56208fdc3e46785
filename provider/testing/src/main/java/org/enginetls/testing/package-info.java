/**
 * Drivers for tests and benchmarks, over the public API only: {@link org.enginetls.testing.EnginePair} and
 * {@link org.enginetls.testing.AsyncEnginePair} connect a client and a server {@link javax.net.ssl.SSLEngine} in
 * memory and drive them from one thread (with delegated tasks, or in async mode as an event loop woken by the
 * callback); {@link org.enginetls.testing.EngineCalls} calls one engine's operations the way the router does outside
 * async mode. Every loop and every wait is bounded: a stuck peer fails the caller instead of hanging it.
 */
package org.enginetls.testing;
