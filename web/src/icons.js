// icons.js — the menu's icon names (sent by the server) mapped to Element Plus icons.
import {
  Avatar, Calendar, Collection, Document, Files, House, Key, Location, OfficeBuilding,
  School, Setting, User, UserFilled,
} from '@element-plus/icons-vue'

const icons = { Avatar, Calendar, Collection, Document, Files, House, Key, Location, OfficeBuilding, School, Setting, User, UserFilled }

/** icon — the component for a server icon name; Files when the name is unknown. */
export function icon(name) { return icons[name] || Files }
