package aedyn.train;

/** Saves the training state every {@link #every()} iterations (the study decides where and how). */
public interface Checkpointer {
    Checkpointer NONE = new Checkpointer() {
        @Override
        public int every() {
            return 0;
        }

        @Override
        public void save(TrainingState state) {
        }
    };

    /** Iterations between checkpoints; 0 for none. */
    int every();

    /** Stores {@code state}; called with W^s, b^s whenever s is a multiple of {@link #every()}. */
    void save(TrainingState state);

    default boolean isDue(int iteration) {
        return every() > 0 && iteration > 0 && iteration % every() == 0;
    }
}
