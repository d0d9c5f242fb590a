package io.apikeys.keycloak.it.harness;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 in the test JVM, which a test realm names as its SMTP server: the
 * e-mails Keycloak sends arrive here as they would at any mail server.
 */
public final class Mailbox implements AutoCloseable {

    /** One received e-mail: its recipient, subject and plain-text part. */
    public record Mail(String to, String subject, String text) {
    }

    private final GreenMail server;
    private final int port;

    public Mailbox() {
        port = Ports.free();
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    /** The realm's {@code smtpServer} for this mailbox. */
    public Map<String, String> smtpServer() {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(port), "from", "keycloak@example.test",
                "fromDisplayName", "Keycloak");
    }

    /** Every e-mail received so far for {@code address}. */
    public List<Mail> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).map(Mailbox::mail)
                .filter(mail -> mail.to().equalsIgnoreCase(address)).toList();
    }

    /** The e-mails for {@code address} once there are at least {@code count}, or what there is after 30 s. */
    public List<Mail> await(String address, int count) {
        List<Mail> mails = Poll.until(Duration.ofSeconds(30), () -> {
            List<Mail> received = to(address);
            return received.size() >= count ? received : null;
        });
        return mails == null ? to(address) : mails;
    }

    private static Mail mail(MimeMessage message) {
        try {
            String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
            return new Mail(to, message.getSubject(), text(message));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part, wherever it is in the MIME tree. */
    private static String text(Part part) throws MessagingException {
        try {
            if (part.isMimeType("text/plain")) {
                return part.getContent().toString().replace("\r\n", "\n");
            }
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String text = text(multipart.getBodyPart(i));
                    if (text != null) {
                        return text;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
