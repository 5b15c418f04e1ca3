// "Now" for activities. Production reads the wall clock; a test run passes its virtual clock
// (the time-skipping server's), so waits, conditions, quiet hours and caps decide in the run's time.

/** Epoch ms; async so a test run can ask its time-skipping server. */
export type Clock = () => Promise<number>;

export const wallClock: Clock = async () => Date.now();
