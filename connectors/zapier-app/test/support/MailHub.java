import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The tests' mail hub: a GreenMail SMTP server Passerelle sends through and an IMAP mailbox it
 * reads bounces from, both on loopback ports chosen by the system. Started with Java's
 * single-file source launcher; prints "ready smtp=<port> imap=<port>" and runs until its
 * standard input closes (the test process ending closes it too).
 */
public class MailHub {
    public static void main(String[] args) throws Exception {
        String bounces = args[0];
        String password = args[1];
        GreenMail hub = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        hub.start();
        hub.setUser(bounces, bounces, password);
        System.out.println("ready smtp=" + hub.getSmtp().getPort() + " imap=" + hub.getImap().getPort());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the end of standard input
        }
        hub.stop();
    }
}
