package dev.passerelle.einvoicing;

/**
 * A Peppol participant id: an electronic address scheme (EAS, e.g. {@code 0208} for Belgian
 * enterprise numbers) and the id within it. Written {@code 0208:0403170701}.
 */
public record Endpoint(String scheme, String id) {

    public static Endpoint parse(String participant) {
        if (participant == null) {
            return null;
        }
        String p = participant.strip();
        if (p.startsWith("iso6523-actorid-upis::")) {
            p = p.substring("iso6523-actorid-upis::".length());
        }
        int colon = p.indexOf(':');
        if (colon <= 0 || colon == p.length() - 1 || !p.substring(0, colon).matches("[0-9]{4}")) {
            throw new dev.passerelle.support.InvalidInput("peppolId: a Peppol participant id such as 0208:0403170701 "
                    + "(scheme, a colon, the id)");
        }
        return new Endpoint(p.substring(0, colon), p.substring(colon + 1));
    }

    @Override
    public String toString() {
        return scheme + ":" + id;
    }
}
