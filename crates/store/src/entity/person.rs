use sea_orm::entity::prelude::*;

/// One real person, keyed by the validated resident ID number.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "persons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub id_number: String,
    pub name: String,
    pub name_lower: String,
    pub gender: String,
    pub birth_date: Date,
    pub phone: String,
    /// Deprived of political rights by a court: may not vote or stand.
    pub deprived_of_political_rights: bool,
    /// The community that first registered the person.
    pub region_code: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
