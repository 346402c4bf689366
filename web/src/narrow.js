// narrow.js — whether the screen is phone-sized (under 768 px), as a shared ref.
import { ref } from 'vue'

const mq = window.matchMedia('(max-width: 767px)')
export const narrow = ref(mq.matches)
mq.addEventListener('change', (e) => { narrow.value = e.matches })
