import type { Simulation } from '../engine/simulation.ts';
import type { IngestTarget, PushReplyTarget, PushRequest } from '../backend/push.ts';

/**
 * The network between two stages of the pipeline: a request reaches the next
 * stage `latencyUs` after it was handed over, and its answer comes back as
 * late. It holds no lines: until the answer arrives, the sender still holds
 * what it sent.
 */
export class NetworkHop implements IngestTarget, PushReplyTarget {
  private readonly senders = new Map<PushRequest, PushReplyTarget>();
  private readonly onArrive = (request: PushRequest): void => this.next.receive(request, this);
  private readonly onReplyArrive = (request: PushRequest): void => {
    const sender = this.senders.get(request);
    if (sender === undefined)
      throw new Error(`a reply to request ${request.id} nobody sent through this hop`);
    this.senders.delete(request);
    sender.reply(request);
  };

  constructor(
    private readonly sim: Simulation,
    private readonly latencyUs: number,
    private readonly next: IngestTarget,
  ) {}

  receive(request: PushRequest, replyTo: PushReplyTarget): void {
    this.senders.set(request, replyTo);
    this.sim.schedule(this.latencyUs, this.onArrive, request);
  }

  reply(request: PushRequest): void {
    this.sim.schedule(this.latencyUs, this.onReplyArrive, request);
  }
}
