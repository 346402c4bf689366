// Vite build of the renda web app. `npm run build` writes web/dist, which
// `renda serve --web web/dist` serves at /; scripts/gzip.mjs then writes a .gz
// sibling next to every text asset so the server can send it precompressed.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // vendor chunks change rarely, so browsers keep them across app releases
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/, priority: 30 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 20 },
            { name: 'element', test: /node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|@sxzz|@popperjs|lodash|dayjs|async-validator|@ctrl|memoize-one|normalize-wheel-es)/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev` talks to a `renda serve` on 8080
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
})
