import { defineEntity, p } from '@mikro-orm/core';

/** Small key/value facts about this installation (e.g. when the demo data was loaded). */
const AppSettingSchema = defineEntity({
  name: 'AppSetting',
  tableName: 'app_setting',
  properties: {
    key: p.string().primary(),
    value: p.string(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export class AppSetting extends AppSettingSchema.class {}
AppSettingSchema.setClass(AppSetting);
