// Vite builds the browser client into dist/client (what `npm start` serves); `npm run dev` serves it with hot
// reload against a local server on port 2567 (SERVER_URL overrides): the API through Vite's proxy, the game's
// WebSocket straight to the server (client/net.ts reads GAME_SERVER).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const server = process.env.SERVER_URL ?? "http://127.0.0.1:2567";

export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  define: { GAME_SERVER: JSON.stringify(command === "serve" ? server : "") },
  build: {
    outDir: fileURLToPath(new URL("../dist/client", import.meta.url)),
    emptyOutDir: true,
    // One bundle, served from the same machine as the game: Phaser is most of it; chart.js, the map
    // (d3-geo and Natural Earth's land), the QR code and the client's own code the rest (about 2.1 MB).
    chunkSizeWarningLimit: 2300,
  },
  server: { proxy: { "/api": server } },
}));
