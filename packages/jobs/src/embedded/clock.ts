/** Where the executor reads the time: the real clock, or a virtual one that tests move by hand. */
export interface Clock {
  now(): Date;
}

export const realClock: Clock = { now: () => new Date() };

export class VirtualClock implements Clock {
  private ms: number;
  constructor(start: Date = new Date()) {
    this.ms = start.getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
