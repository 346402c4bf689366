// main.js — start the app: Element Plus (on demand), the router, the theme.
import { createApp } from 'vue'
import App from './App.vue'
import router from './router.js'
import ui from './ui.js'
import './styles.css'

createApp(App).use(ui).use(router).mount('#app')
