import { describe, expect, it } from "vitest";
import { BoundedTaskMessageQueue } from "./task-message-queue.js";

const note = (n: number) => ({
  type: "notification" as const,
  message: { jsonrpc: "2.0" as const, method: "notifications/message", params: { n } },
  timestamp: n,
});

describe("BoundedTaskMessageQueue", () => {
  it("delivers a task's messages in order and forgets an emptied queue", async () => {
    const queue = new BoundedTaskMessageQueue();
    await queue.enqueue("a", note(1));
    await queue.enqueue("a", note(2));
    expect((await queue.dequeue("a"))?.timestamp).toBe(1);
    expect((await queue.dequeueAll("a")).map((m) => m.timestamp)).toEqual([2]);
    expect(queue.size).toBe(0);
  });

  it("refuses a message past the per-task bound and drops the oldest task's queue past the task bound", async () => {
    const queue = new BoundedTaskMessageQueue({ maxPerTask: 2, maxTasks: 2 });
    await queue.enqueue("a", note(1));
    await queue.enqueue("a", note(2));
    await expect(queue.enqueue("a", note(3))).rejects.toThrow(/overflow/);
    await expect(queue.enqueue("a", note(3), undefined, 1)).rejects.toThrow(/maximum \(1\)/);
    await queue.enqueue("b", note(4));
    await queue.enqueue("c", note(5));
    expect(queue.size).toBe(2);
    expect(await queue.dequeueAll("a")).toEqual([]);
  });
});
