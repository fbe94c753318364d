module.exports = class Data1796142352151 {
    name = 'Data1796142352151'

    // The append-only tables written on every batch keep their relation columns and indexes but
    // lose their foreign-key constraints (src/model/relations.ts): checking every relation
    // of every row cost 30% of dense ingest. `down` adds them back (it fails where a link dangles).
    async up(db) {
        await db.query(`ALTER TABLE "event" DROP CONSTRAINT "FK_2b0d35d675c4f99751855c45021"`)
        await db.query(`ALTER TABLE "event" DROP CONSTRAINT "FK_129efedcb305c80256db2d57a59"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_e818cd083f48ed773afe017f7c0"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_2a4e1dce9f72514cd28f554ee2d"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_bdf87ec0d3ab791e9d6e745fa81"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_e2f71240f767a903a4fe85ce25a"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_e588c446185bd0c7e4861bb66bb"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_06f5863364b6acc2e315ceba39a"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_268a50709f9fa1d917e5ecf1a27"`)
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_db2123e96c281b4fbff091ce6b7"`)
        await db.query(`ALTER TABLE "call" DROP CONSTRAINT "FK_dde30e4f2c6a80f9236bfdf2590"`)
        await db.query(`ALTER TABLE "call" DROP CONSTRAINT "FK_11c1e76d5be8f04c472c4a05b95"`)
        await db.query(`ALTER TABLE "call" DROP CONSTRAINT "FK_96d0a8aebfecd9473070e785669"`)
        await db.query(`ALTER TABLE "contract_code_change" DROP CONSTRAINT "FK_682f25efa4b3cd8d5d04a585d69"`)
        await db.query(`ALTER TABLE "contract_event" DROP CONSTRAINT "FK_654c5b3eae51e91ad465ad7daa0"`)
        await db.query(`ALTER TABLE "contract_event" DROP CONSTRAINT "FK_dd79f62f53a5339ae1a52c51f84"`)
        await db.query(`ALTER TABLE "contract_event" DROP CONSTRAINT "FK_e2b697909fe99ceec3989a09edd"`)
        await db.query(`ALTER TABLE "contract_event" DROP CONSTRAINT "FK_0156608240c8ea797b1dc700f57"`)
        await db.query(`ALTER TABLE "contract_event" DROP CONSTRAINT "FK_30c0fa1b636a7a1c0c5579938ff"`)
        await db.query(`ALTER TABLE "contract_event" DROP CONSTRAINT "FK_f42f2ada61cb3d05a1a3d2be1d9"`)
        await db.query(`ALTER TABLE "contract_call" DROP CONSTRAINT "FK_4243e41bfbf6b9d39854dc0a9fc"`)
        await db.query(`ALTER TABLE "contract_call" DROP CONSTRAINT "FK_19a33328dfd6eaf342fdb4e9fc9"`)
        await db.query(`ALTER TABLE "contract_call" DROP CONSTRAINT "FK_1c7607af3d16d48c2298f48986e"`)
        await db.query(`ALTER TABLE "contract_call" DROP CONSTRAINT "FK_1724fee372414c9020e6b2599d2"`)
        await db.query(`ALTER TABLE "extrinsic" DROP CONSTRAINT "FK_a3b99daba1259dab0dd040d4f74"`)
        await db.query(`ALTER TABLE "extrinsic" DROP CONSTRAINT "FK_886be421c92f221ac8234c6624c"`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "event" ADD CONSTRAINT "FK_2b0d35d675c4f99751855c45021" FOREIGN KEY ("block_id") REFERENCES "block"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "event" ADD CONSTRAINT "FK_129efedcb305c80256db2d57a59" FOREIGN KEY ("extrinsic_id") REFERENCES "extrinsic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_e818cd083f48ed773afe017f7c0" FOREIGN KEY ("asset_id") REFERENCES "asset"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_2a4e1dce9f72514cd28f554ee2d" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_bdf87ec0d3ab791e9d6e745fa81" FOREIGN KEY ("xcm_message_id") REFERENCES "xcm_message"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_e2f71240f767a903a4fe85ce25a" FOREIGN KEY ("from_account_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_e588c446185bd0c7e4861bb66bb" FOREIGN KEY ("to_account_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_06f5863364b6acc2e315ceba39a" FOREIGN KEY ("extrinsic_id") REFERENCES "extrinsic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_268a50709f9fa1d917e5ecf1a27" FOREIGN KEY ("nft_item_id") REFERENCES "nft_item"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_db2123e96c281b4fbff091ce6b7" FOREIGN KEY ("delegate_account_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_dde30e4f2c6a80f9236bfdf2590" FOREIGN KEY ("extrinsic_id") REFERENCES "extrinsic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_11c1e76d5be8f04c472c4a05b95" FOREIGN KEY ("parent_id") REFERENCES "call"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_96d0a8aebfecd9473070e785669" FOREIGN KEY ("origin_account_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_code_change" ADD CONSTRAINT "FK_682f25efa4b3cd8d5d04a585d69" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_event" ADD CONSTRAINT "FK_654c5b3eae51e91ad465ad7daa0" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_event" ADD CONSTRAINT "FK_dd79f62f53a5339ae1a52c51f84" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_event" ADD CONSTRAINT "FK_e2b697909fe99ceec3989a09edd" FOREIGN KEY ("block_id") REFERENCES "block"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_event" ADD CONSTRAINT "FK_0156608240c8ea797b1dc700f57" FOREIGN KEY ("extrinsic_id") REFERENCES "extrinsic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_event" ADD CONSTRAINT "FK_30c0fa1b636a7a1c0c5579938ff" FOREIGN KEY ("call_id") REFERENCES "contract_call"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_event" ADD CONSTRAINT "FK_f42f2ada61cb3d05a1a3d2be1d9" FOREIGN KEY ("abi_id") REFERENCES "contract_abi"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_call" ADD CONSTRAINT "FK_4243e41bfbf6b9d39854dc0a9fc" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_call" ADD CONSTRAINT "FK_19a33328dfd6eaf342fdb4e9fc9" FOREIGN KEY ("block_id") REFERENCES "block"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_call" ADD CONSTRAINT "FK_1c7607af3d16d48c2298f48986e" FOREIGN KEY ("extrinsic_id") REFERENCES "extrinsic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_call" ADD CONSTRAINT "FK_1724fee372414c9020e6b2599d2" FOREIGN KEY ("caller_account_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "extrinsic" ADD CONSTRAINT "FK_a3b99daba1259dab0dd040d4f74" FOREIGN KEY ("block_id") REFERENCES "block"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "extrinsic" ADD CONSTRAINT "FK_886be421c92f221ac8234c6624c" FOREIGN KEY ("signer_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }
}
