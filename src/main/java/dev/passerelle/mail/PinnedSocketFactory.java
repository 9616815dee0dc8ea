package dev.passerelle.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.SocketFactory;

import dev.passerelle.support.ConnectGuard;

/**
 * Sockets that connect only to the address a tenant's SMTP host was resolved to and checked
 * against ({@link dev.passerelle.support.PublicAddresses}), whatever the name resolves to by the
 * time Jakarta Mail connects: one resolution, pinned, so DNS rebinding cannot reach the hub's own
 * network. Jakarta Mail opens plain, STARTTLS and SMTPS connections on this socket and layers TLS
 * over it with the host's name, so the certificate is still checked against the name.
 */
final class PinnedSocketFactory extends SocketFactory {

    private final InetAddress address;
    private final ConnectGuard guard;

    /** {@code address}: the first checked address of the host, as a plain socket would take the first. */
    PinnedSocketFactory(InetAddress address, ConnectGuard guard) {
        this.address = address;
        this.guard = guard;
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (!(endpoint instanceof InetSocketAddress inet)) {
                    throw new IOException("not an internet address: " + endpoint);
                }
                InetSocketAddress pinned = new InetSocketAddress(address, inet.getPort());
                guard.check(pinned);
                super.connect(pinned, timeout);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }
}
