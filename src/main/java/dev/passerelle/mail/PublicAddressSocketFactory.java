package dev.passerelle.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.SocketFactory;

import dev.passerelle.support.PublicAddresses;

/**
 * Sockets that refuse to connect to loopback, private, link-local and other internal
 * addresses. The check runs on the address actually connected to (after DNS), so a host name
 * that resolves differently between a check and the connection (DNS rebinding) cannot reach the
 * hub's own network. Used for tenants' own SMTP servers (plain and STARTTLS).
 */
final class PublicAddressSocketFactory extends SocketFactory {

    static final PublicAddressSocketFactory INSTANCE = new PublicAddressSocketFactory();

    /** The same ranges as every other outbound connection: the IANA special-purpose registries. */
    static boolean isInternal(InetAddress a) {
        return !PublicAddresses.isPublic(a);
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (endpoint instanceof InetSocketAddress inet) {
                    InetAddress address = inet.getAddress();
                    if (address == null) {
                        throw new IOException("cannot resolve " + inet.getHostString());
                    }
                    if (isInternal(address)) {
                        throw new IOException(inet.getHostString() + " resolves to an internal address ("
                                + address.getHostAddress() + "); use a public SMTP server");
                    }
                }
                super.connect(endpoint, timeout);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
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
