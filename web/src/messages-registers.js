// messages-registers.js — the texts of the registers' pages (issue 13): the status board,
// the counts by year, a record's files (drop, camera, preview), its child records and its
// satisfaction polls. Chinese first. The registers' own words (labels, fields, values, the
// board's lights, the menu's groups) are the server's, from the schemas and the menu.
const zh = {
  'reg.by_year': '按年度统计',
  'reg.sums_by': '按{by}：{what}',
  'reg.as_of': '截至{day}',
  'reg.board': '状态看板',
  'reg.lights': '预警',
  'reg.polls': '满意度测评',
  'reg.no_polls': '尚未组织测评',
  'reg.new_poll': '发起满意度测评',
  'reg.poll_question': '对{name}的满意度测评',
  'reg.poll_note': '测评以无记名方式进行，保存为草稿后在表决页面开始。',
  'att.preview': '预览 {name}',
  'att.view': '预览',
  'att.camera': '拍照上传',
  'att.drop_hint': '也可将文件拖到此处上传',
  'att.download': '下载',
}
const en = {
  'reg.by_year': 'By year',
  'reg.sums_by': '{what} by {by}',
  'reg.as_of': 'as of {day}',
  'reg.board': 'Status board',
  'reg.lights': 'Warnings',
  'reg.polls': 'Satisfaction polls',
  'reg.no_polls': 'No poll yet',
  'reg.new_poll': 'Hold a satisfaction poll',
  'reg.poll_question': 'Satisfaction with {name}',
  'reg.poll_note': 'The poll is a secret ballot; it is saved as a draft and opened on the vote\'s page.',
  'att.preview': 'Preview {name}',
  'att.view': 'Preview',
  'att.camera': 'Take a photo',
  'att.drop_hint': 'or drop files here',
  'att.download': 'Download',
}
export default { zh, en }
