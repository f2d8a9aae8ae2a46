package dev.smsmux.model;


/** A configuration that cannot work: an unknown, missing or malformed key. Names the key. */
public final class ConfigException extends SmsException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String problem) {
        super(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, "config key '" + key + "': " + problem));
        this.key = key;
    }

    /** The offending key, as the user wrote it. */
    public String key() {
        return key;
    }
}
