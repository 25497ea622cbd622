package aedyn.choice;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A closed choice of the configuration (an activation, an optimizer, an analysis, ...): an enum whose constants are
 * the words a study file uses, ENCODER_ONLY for "encoder-only". The enum parses and lists itself through
 * {@link #named} and {@link #names}, so the reader's error messages, reference.conf's comments (checked by a test)
 * and the code's exhaustive switches share one list.
 */
public interface Choice {

    /** The constant's name; every enum has it. */
    String name();

    /** The word a study file uses for this constant: its name in lower case, '_' written '-'. */
    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} whose label is {@code label}; otherwise an error that lists the allowed words. */
    static <E extends Enum<E> & Choice> E named(Class<E> type, String label) {
        for (E e : type.getEnumConstants()) {
            if (e.label().equals(label)) return e;
        }
        throw new IllegalArgumentException("\"" + label + "\" is not one of " + String.join(", ", names(type)));
    }

    /** Every label of {@code type}, in declaration order. */
    static <E extends Enum<E> & Choice> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::label).toList();
    }
}
