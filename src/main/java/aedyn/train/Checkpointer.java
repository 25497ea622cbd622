package aedyn.train;

/** Saves the training state every {@link #every()} iterations or less often (the study decides where, how and when). */
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

    /** Stores {@code state}; called with W^s, b^s whenever {@link #isDue} says so for s. */
    void save(TrainingState state);

    default boolean isDue(int iteration) {
        return every() > 0 && iteration > 0 && iteration % every() == 0;
    }
}
