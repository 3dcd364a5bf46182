//! Community self-governance (3B): the election counting rules of Zhejiang's election
//! regulation (RULES.md, "Residents' committees and their elections").

pub mod count;
pub mod disclosure;
pub mod election;
pub mod indicator;
pub mod meeting;
pub mod paper;
pub mod register;
pub mod rules;
