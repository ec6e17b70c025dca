// Builds the performance pack's page into the folder the host's build names (PACK_OUT_DIR), which the hub serves at
// /pack. Everything the page needs is bundled here; the page fetches nothing but its own figures at run time.
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/pack/",
  build: {
    outDir: process.env.PACK_OUT_DIR ?? "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, "index.html"), "sign-in": resolve(import.meta.dirname, "sign-in.html") },
    },
  },
});
