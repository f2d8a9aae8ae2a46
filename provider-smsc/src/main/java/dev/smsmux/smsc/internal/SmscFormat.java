package dev.smsmux.smsc.internal;

import java.util.Locale;

/** SMSC's response formats ({@code fmt}), by the names config uses. */
public enum SmscFormat {
    TEXT(0), CSV(1), XML(2), JSON(3);

    private final int fmt;

    SmscFormat(int fmt) {
        this.fmt = fmt;
    }

    /** The value of the {@code fmt} parameter. */
    public int fmt() {
        return fmt;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SmscFormat fromConfig(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    public static SmscFormat fromFmt(int fmt) {
        for (SmscFormat f : values()) {
            if (f.fmt == fmt) {
                return f;
            }
        }
        return TEXT;
    }
}
