// A ready room setup as the server offers it (GET /api/setups, server/PROTOCOL.md) and the client shows it: a
// lesson, an attack scenario or a workshop, with its on-screen brief, the question for the pause, and the
// create options it stands for.
export interface SetupSeat {
  id: string;
  role: string;
  strategy: string;
  validators?: number;
}

export interface Setup {
  kind: "lesson" | "scenario" | "workshop";
  name: string;
  title: string;
  brief: string;
  question: string;
  options: { preset?: string; config?: Record<string, number | boolean>; lineup?: SetupSeat[] };
}
