// The lobby's lineup box: the seats a room starts with, as the server's `lineup` option.
/** "role strategy [validators]" per line → the server's lineup option, seats numbered per role. */
export function parseLineup(
  text: string,
): { id: string; role: string; strategy: string; validators?: number }[] {
  const counts = new Map<string, number>();
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0] !== "")
    .map(([role, strategy, validators]) => {
      const n = (counts.get(role) ?? 0) + 1;
      counts.set(role, n);
      return {
        id: `${role}-${n}`,
        role,
        strategy: strategy ?? "",
        ...(validators ? { validators: Number(validators) } : {}),
      };
    });
}
