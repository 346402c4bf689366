// icons.js — the menu's icon names (sent by the server) mapped to Element Plus icons.
import {
  Avatar, Bell, Calendar, ChatDotRound, Checked, Collection, DataAnalysis, Document, EditPen, Files, House, Key, Location,
  Message, OfficeBuilding, School, Setting, Tickets, User, UserFilled,
} from '@element-plus/icons-vue'

// Bell … Tickets: the case pages' menu entries (issue 4)
const icons = {
  Avatar, Bell, Calendar, ChatDotRound, Checked, Collection, DataAnalysis, Document, EditPen, Files, House, Key, Location,
  Message, OfficeBuilding, School, Setting, Tickets, User, UserFilled,
}

/** icon — the component for a server icon name; Files when the name is unknown. */
export function icon(name) { return icons[name] || Files }
