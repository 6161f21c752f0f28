// The browser client: Phaser scenes for the lobby, the live arena, results, the replay viewer and the
// facilitator dashboard. It renders what the server syncs and sends intents; it never decides anything.
import Phaser from "phaser";
import { STAGE_BACKGROUND } from "./arena-view.ts";
import { ArenaScene } from "./scenes/arena.ts";
import { FacilitatorScene } from "./scenes/facilitator.ts";
import { LeaderboardScene } from "./scenes/leaderboard.ts";
import { LobbyScene } from "./scenes/lobby.ts";
import { ReplayScene } from "./scenes/replay.ts";
import { ResultsScene } from "./scenes/results.ts";

const game = new Phaser.Game({
  // Rectangles, lines and text redrawn only on change: the canvas renderer holds 60 fps in headless chromium
  // on this 2-core machine where software WebGL drops to 30 (npm run bench:browser).
  type: Phaser.CANVAS,
  parent: "stage",
  backgroundColor: STAGE_BACKGROUND,
  // The arena paints a frame only when its drawing changed and the canvas keeps it meanwhile (arena-view.ts).
  clearBeforeRender: false,
  scale: { mode: Phaser.Scale.RESIZE, width: "100%", height: "100%" },
  scene: [LobbyScene, ArenaScene, ResultsScene, ReplayScene, FacilitatorScene, LeaderboardScene],
});

// For the browser tests and the benchmark: which scene is showing.
(window as unknown as { trilemma: { game: Phaser.Game } }).trilemma = { game };
